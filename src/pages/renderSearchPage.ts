// The search page: the form's answer, with ranked results, excerpts around the matched words with
// those words marked, paging, the search's own feeds, and a helpful word when there is nothing to show.

import { html } from "hono/html";
import { FEED_FORMATS, FEED_FORMAT_LIST } from "../core/feedFormats";
import { FEED_PATHS } from "../core/paths";
import type { Segment } from "../core/search/snippet";
import { storyPath } from "../core/storyPath";
import type { Site, StoryIndexEntry } from "../core/types";
import { formatDate } from "./formatDate";
import { ownFeedName, renderLayout } from "./renderLayout";

/** One results page, as the Worker found it. */
export interface SearchPage {
  /** The normalised query (empty when none was given). */
  readonly text: string;
  readonly sort: "relevance" | "date";
  readonly page: number;
  readonly pages: number;
  readonly total: number;
  readonly results: readonly {
    readonly entry: Pick<StoryIndexEntry, "id" | "slug" | "title" | "published">;
    /** The excerpt, the query's words marked. */
    readonly excerpt: readonly Segment[];
  }[];
  /** No story had every word: these have some. */
  readonly anyWord: boolean;
  /**
   * A phrase search that checked only some of the stories with every word (in
   * the query's order, until the page was full or its caps were reached; of
   * the first `stories`, `unchecked` were passed over, needing a whole read
   * past the request's allowance): `total` is then how many of those hold the
   * phrase, a lower bound, and `pages` the pages they fill.
   */
  readonly checked: { readonly stories: number; readonly of: number; readonly unchecked: number } | null;
  /** The query was cut to the limits (stated in `limits`). */
  readonly cut: boolean;
  readonly limits: { readonly characters: number; readonly words: number };
  readonly onlyStopwords: boolean;
}

/** `/search` with these parameters (defaults left out), as the canonical URLs spell it. */
export function searchPath(
  text: string,
  sort: "relevance" | "date" = "relevance",
  page = 1,
  path = "/search",
): string {
  const params = new URLSearchParams();
  if (text) params.set("q", text);
  if (sort === "date") params.set("sort", "date");
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

/** Pieces of text, each escaped, the query's words in `<mark>`. */
function segments(pieces: readonly Segment[]) {
  return pieces.map(({ text, marked }) => (marked ? html`<mark>${text}</mark>` : html`${text}`));
}

/** The stories with every word a phrase search went through: "the first M of the T", or "the T" when it went through all. */
function checkedSpan({ stories, of }: NonNullable<SearchPage["checked"]>) {
  return stories === of ? html`the ${of}` : html`the first ${stories} of the ${of}`;
}

/** What a phrase search's lower bound rests on: the stories it went through, and how many of them it could not check. */
function checkedNote(checked: NonNullable<SearchPage["checked"]>) {
  return checked.unchecked === 0
    ? html`${checkedSpan(checked)} stories with all of its words were checked`
    : html`of ${checkedSpan(checked)} stories with all of its words, ${checked.unchecked} could not be checked here`;
}

/** The HTML of a results page. */
export function renderSearchPage(site: Site, page: SearchPage): string {
  const { text, sort } = page;
  const notes = [];
  if (page.cut) {
    notes.push(
      html`<p class="note" role="status">Your search was shortened to its first ${page.limits.characters} characters and ${page.limits.words} words.</p>\n`,
    );
  }
  let body;
  if (!text) {
    body = html`<p>Type one or more words in the search box: every story is searched, headline and text, in any order and any accents (“economie” finds “Économie”). Put the most specific word first; results list the stories with all of your words, best matches first. Put words in quotes ("north korea") to find them side by side, in that order.</p>\n`;
  } else if (page.onlyStopwords) {
    body = html`<p>“${text}” holds only words too common to search for. Add a more specific word, such as a name, a place or a topic.</p>\n`;
  } else if (page.total === 0 && page.checked?.unchecked) {
    body = html`<p>Of ${checkedSpan(page.checked)} stories with every word of “${text}”, ${page.checked.unchecked} could not be checked here and none of the others holds the words in quotes side by side. Try fewer words in quotes, or the words without quotes.</p>\n`;
  } else if (page.total === 0 && page.checked) {
    body = html`<p>None of the first ${page.checked.stories} of the ${page.checked.of} stories with every word of “${text}” holds the words in quotes side by side. Try fewer words in quotes, or the words without quotes.</p>\n`;
  } else if (page.total === 0) {
    body = html`<p>No story matches “${text}”. Check the spelling, try fewer or other words, or browse <a href="/">every story</a>.</p>\n`;
  } else if (page.results.length === 0) {
    // A page past the last results (a phrase search offers only the pages its checks filled):
    // said in words, never a count over an empty list.
    const stories = page.total === 1 ? "story" : "stories";
    const where = page.pages === 1 ? "on page 1" : `on pages 1 to ${page.pages}`;
    const found = page.checked
      ? html`the ${page.total} ${stories} found with the phrase ${page.total === 1 ? "is" : "are"} ${where} (${checkedNote(page.checked)})`
      : html`the ${page.total} ${stories} found ${page.total === 1 ? "is" : "are"} ${where}`;
    body = html`<p role="status">There are no results on page ${page.page}: ${found}. <a href="${searchPath(text, sort, page.pages)}">Go to page ${page.pages}, the last</a>.</p>\n`;
  } else {
    const stories = page.total === 1 ? "story" : "stories";
    const found = page.checked
      ? html`At least ${page.total} ${stories} with the phrase (${checkedNote(page.checked)})`
      : html`${page.total} ${stories}${page.anyWord ? html` with some of your words (none has them all)` : ""}`;
    const count = html`<p class="meta" role="status">${found}, ${sort === "date" ? "newest first" : "best matches first"}. ${sort === "date" ? html`<a href="${searchPath(text)}">Sort by relevance</a>` : html`<a href="${searchPath(text, "date")}">Sort by date</a>`}</p>\n`;
    const items = page.results.map(
      ({ entry, excerpt }) => html`<li>
<h2><a href="${storyPath(entry)}">${entry.title}</a></h2>
<p class="meta"><time datetime="${entry.published}">${formatDate(entry.published)}</time></p>
<p>${segments(excerpt)}</p>
</li>
`,
    );
    const newer =
      page.page > 1
        ? html`<li><a href="${searchPath(text, sort, page.page - 1)}" rel="prev">Previous results</a></li>\n`
        : "";
    const older =
      page.page < page.pages
        ? html`<li><a href="${searchPath(text, sort, page.page + 1)}" rel="next">More results</a></li>\n`
        : "";
    body = html`${count}<ul class="stories">
${items}</ul>
${newer || older ? html`<nav aria-label="Result pages">\n<ul>\n${newer}${older}</ul>\n</nav>\n` : ""}`;
  }
  const follow =
    text && !page.onlyStopwords
      ? html`<p class="note">Follow this search in a feed reader: ${FEED_FORMAT_LIST.map((format, i) => {
          const joint = i === 0 ? "" : i === FEED_FORMAT_LIST.length - 1 ? " or " : ", ";
          const { mediaType, name } = FEED_FORMATS[format];
          return html`${joint}<a href="${searchPath(text, "relevance", 1, `/search${FEED_PATHS[format]}`)}" type="${mediaType}">${ownFeedName(name, "of this search")}</a>`;
        })}.</p>\n`
      : "";
  const main = html`<h1>${text ? html`Search: ${text}` : "Search"}</h1>
${notes}${body}${follow}`;
  const query = new URLSearchParams({ q: text }).toString();
  return renderLayout(site, {
    title: text
      ? `Search: ${text}${page.page > 1 ? ` – page ${page.page}` : ""} – ${site.title}`
      : `Search – ${site.title}`,
    description: `Search the stories of ${site.title}.`,
    canonicalUrl: `${site.baseUrl}${searchPath(text, sort, page.page)}`,
    main,
    // Results pages change with every story: crawlers should index the stories, not the searches.
    head: html`<meta name="robots" content="noindex, follow">\n`,
    ...(text && !page.onlyStopwords
      ? { feeds: { title: `${site.title}: search for “${text}”`, prefix: "/search", query: `?${query}` } }
      : {}),
    searched: text,
  });
}
