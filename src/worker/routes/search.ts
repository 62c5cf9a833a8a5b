// Search: the results page and the same results as RSS, Atom and JSON Feed (newest first), under one
// spelling of each query so caches and ETags are shared.

import { feedFormatOf } from "../../core/feedFormats";
import type { Site, Story } from "../../core/types";
import { NOTICE_ID, type FeedDocument } from "../../feeds/feedContext";
import { renderFeed } from "../../feeds/renderFeed";
import { SUMMARY_LENGTH } from "../../core/search/indexFormat";
import { head, snippet } from "../../core/search/snippet";
import { renderSearchPage } from "../../pages/renderSearchPage";
import { searchPhrases, type PhraseResults } from "../phraseSearch";
import type { SiteContext } from "../respond";
import type { SearchEngine } from "../searchEngine";
import { MAX_QUERY_LENGTH, MAX_QUERY_TERMS, RESULTS_PER_PAGE, searchQuery } from "../searchQuery";
import { routeGroup, type RouteKit } from "./routeKit";

/** Stories in a search feed: the newest matches. */
const SEARCH_FEED_SIZE = 20;

/** The item of a search feed no story matches yet. */
function notice(site: Site, query: string, at: string): Story {
  const text = `No story matches “${query}” yet. This feed will carry the stories that do, newest first.`;
  return {
    id: NOTICE_ID,
    slug: "",
    number: 0,
    // The results page's address, as a name only (isPermaLink="false"): unique to the query, permanent.
    guid: `${site.baseUrl}/search?${new URLSearchParams({ q: query }).toString()}#no-match`,
    title: `No story matches “${query}” yet`,
    paragraphs: [text],
    summary: text,
    author: null,
    tags: [],
    published: at,
    updated: at,
  };
}

/** The search routes. */
export function searchRoutes({ site, store, respond }: RouteKit, engine: SearchEngine) {
  const { app, resource } = routeGroup();
  /** The request's query string as sent (`""` or `?…`). */
  const sent = (c: SiteContext): string => {
    const url = c.req.url;
    const at = url.indexOf("?");
    return at === -1 || at === url.length - 1 ? "" : url.slice(at);
  };

  resource("/search", (c) => {
    const { query, canonical } = searchQuery(new URL(c.req.url).searchParams);
    // A query cut to the limits is answered where it was asked, so the page can say it was cut;
    // its canonical link names the cut query.
    if (sent(c) !== canonical && !query.cut) return respond.redirect(c, `/search${canonical}`);
    return respond.serve(c, {
      key: `search${canonical}${query.cut ? " cut" : ""}`,
      kind: "html",
      async render(view) {
        const wanted = query.page * RESULTS_PER_PAGE;
        // A phrase search looks one past the page, to know whether another page follows.
        const phrase: PhraseResults | null =
          query.phrases.length > 0 ? await searchPhrases(engine, store, view, query, wanted + 1) : null;
        const { ordinals, total, anyWord } = phrase ?? (await engine.search(view, query, wanted));
        // A phrase search's total stops one past this page when not every story was checked, and at
        // what its caps allowed: a next page is linked only when a story for it was found, and a page
        // past them says so.
        const pages = Math.max(1, Math.ceil(total / RESULTS_PER_PAGE));
        const shown = ordinals.slice((query.page - 1) * RESULTS_PER_PAGE, wanted);
        const terms = new Set(query.terms);
        // Each excerpt around the matched words: a phrase match's from the one paragraph holding the
        // phrase, starting at it; else from the listed start of the text; failing that, the
        // summary's or text's head.
        const results = (await engine.listings(shown)).map(({ entry, text, summary }, i) => {
          const match = phrase?.excerpts.get(shown[i]!);
          return {
            entry,
            excerpt:
              (match && snippet(match.text, terms, SUMMARY_LENGTH, match.at)) ??
              snippet(text, terms) ??
              head(summary ?? text, terms),
          };
        });
        const body = renderSearchPage(site, {
          ...query,
          pages,
          total,
          results,
          anyWord,
          checked:
            phrase && !phrase.exact
              ? { stories: phrase.checked, of: phrase.candidates, unchecked: phrase.unchecked }
              : null,
          limits: { characters: MAX_QUERY_LENGTH, words: MAX_QUERY_TERMS },
        });
        // Any story published, edited or retracted anywhere can change the results.
        return { body, modified: await view.modifiedThrough(Infinity) };
      },
    });
  });

  resource("/search/:file", (c) => {
    const format = feedFormatOf(c.req.param("file") ?? "");
    if (!format) return respond.notFound(c);
    const { query } = searchQuery(new URL(c.req.url).searchParams);
    // A feed is one query, newest first: sort and page do not apply.
    const canonical = query.text ? `?${new URLSearchParams({ q: query.text }).toString()}` : "";
    if (!query.text) return respond.notFound(c);
    if (sent(c) !== canonical) return respond.redirect(c, `/search/${c.req.param("file")}${canonical}`);
    return respond.serve(c, {
      key: `search:${format}${canonical}`,
      kind: format,
      async render(view) {
        const newest = { ...query, sort: "date", page: 1 } as const;
        const { ordinals } =
          query.phrases.length > 0
            ? await searchPhrases(engine, store, view, newest, SEARCH_FEED_SIZE)
            : await engine.search(view, newest, SEARCH_FEED_SIZE);
        const found = await store.at(ordinals.slice(0, SEARCH_FEED_SIZE));
        const modified = await view.modifiedThrough(Infinity);
        // An empty feed looks broken to readers (several call it an error): until a story matches, the
        // feed holds one item saying so, linking to the results page; it goes when a story matches.
        const stories = found.length > 0 ? found : [notice(site, query.text, modified)];
        const document: FeedDocument = {
          stories,
          archivePage: null,
          archives: 0,
          search: { query: query.text },
          updated: modified,
        };
        return { body: renderFeed(format, site, document), modified };
      },
    });
  });

  return app;
}
