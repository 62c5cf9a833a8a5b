// The HTML lists: the home page and its older pages, topic pages and theirs, and the feeds page.

import { renderFeedsPage } from "../../pages/renderFeedsPage";
import { renderHomePage } from "../../pages/renderHomePage";
import { renderTagPage } from "../../pages/renderTagPage";
import { tagPath } from "../../core/tagSlug";
import type { SiteContext } from "../respond";
import { listed, pageNumber, routeGroup, servedOrdinals, type RouteKit } from "./routeKit";
import { topicOf } from "./topicOf";

/** Stories per home page. */
const HOME_PAGE_SIZE = 20;
/** Stories per topic page (its feeds carry FEED_SIZE). */
const TOPIC_PAGE_SIZE = 50;

const pagesOf = (stories: number, size: number): number => Math.max(1, Math.ceil(stories / size));

/** The page routes. */
export function pageRoutes({ site, store, respond, clock }: RouteKit) {
  const { app, resource } = routeGroup();

  const homePage = (c: SiteContext, page: number): Promise<Response> =>
    respond.serve(c, {
      key: `page:${page}`,
      kind: "html",
      async render(view) {
        const start = (page - 1) * HOME_PAGE_SIZE;
        const ordinals = servedOrdinals(view, start, HOME_PAGE_SIZE);
        const [entries, summaries] = await Promise.all([view.entries(ordinals), store.summaries(ordinals)]);
        const stories = await listed(
          store,
          ordinals,
          entries.map((entry, i) => (summaries[i] === null ? entry : { ...entry, summary: summaries[i]! })),
        );
        return {
          body: renderHomePage(site, {
            stories,
            page,
            pages: pagesOf(view.served, HOME_PAGE_SIZE),
            now: clock(),
          }),
          // The page shows its stories and whether older ones follow.
          modified: await view.modifiedThrough(start + HOME_PAGE_SIZE),
        };
      },
    });
  resource("/", (c) => homePage(c, 1));
  resource("/page/:page", (c) => {
    const page = pageNumber(c.req.param("page"));
    if (page === 1) return respond.redirect(c, "/");
    return page >= 2 && page <= pagesOf(respond.view().served, HOME_PAGE_SIZE)
      ? homePage(c, page)
      : respond.notFound(c);
  });

  const topicPage = (c: SiteContext, rest: string, page: number): Promise<Response> | Response => {
    const found = topicOf(c, respond, rest);
    if (found instanceof Promise || found instanceof Response) return found;
    const { slug, topic } = found;
    const pages = pagesOf(topic.count, TOPIC_PAGE_SIZE);
    if (page > pages) return respond.notFound(c);
    return respond.serve(c, {
      key: `topic:${slug}:${page}`,
      kind: "html",
      async render(view) {
        const list = await view.topicList(slug);
        const start = (page - 1) * TOPIC_PAGE_SIZE;
        const withNext = await list.servedAt(start, start + TOPIC_PAGE_SIZE + 1);
        const ordinals = withNext.slice(0, TOPIC_PAGE_SIZE);
        const stories = await listed(store, ordinals, await list.entries(ordinals));
        // The page shows its stories and whether older ones follow: every story down to the next.
        const next = withNext[TOPIC_PAGE_SIZE] ?? 0;
        return {
          body: renderTagPage(site, view.topics.get(slug)?.name ?? topic.name, stories, {
            page,
            pages: pagesOf(list.served, TOPIC_PAGE_SIZE),
          }),
          modified: await view.newestUpdated(next, view.total - 1),
        };
      },
    });
  };
  resource("/tags/:tag", (c) => topicPage(c, "", 1));
  resource("/tags/:tag/page/:page", (c) => {
    const page = pageNumber(c.req.param("page"));
    if (page === 1) {
      const found = topicOf(c, respond, "");
      if (found instanceof Promise || found instanceof Response) return found;
      return respond.redirect(c, tagPath(found.topic.name));
    }
    return page >= 2 ? topicPage(c, `/page/${page}`, page) : respond.notFound(c);
  });

  resource("/feeds", (c) =>
    respond.serve(c, {
      key: "feeds",
      kind: "html",
      render: async (view) => ({
        body: renderFeedsPage(site),
        modified: await view.modifiedThrough(Infinity),
      }),
    }),
  );

  return app;
}
