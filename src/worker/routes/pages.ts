// The HTML lists: the home page and its older pages, topic pages, and the feeds page.

import { renderFeedsPage } from "../../pages/renderFeedsPage";
import { renderHomePage } from "../../pages/renderHomePage";
import { renderTagPage } from "../../pages/renderTagPage";
import type { SiteContext } from "../respond";
import { pageNumber, routeGroup, type RouteKit } from "./routeKit";
import { topicOf } from "./topicOf";

/** Stories per home page. */
const HOME_PAGE_SIZE = 20;
/** Stories listed on a topic page (its feeds carry FEED_SIZE). */
const TOPIC_PAGE_SIZE = 50;

/** The page routes. */
export function pageRoutes({ site, store, respond, clock }: RouteKit) {
  const { app, resource } = routeGroup();
  const pagesOf = (stories: number): number => Math.max(1, Math.ceil(stories / HOME_PAGE_SIZE));

  const homePage = (c: SiteContext, page: number): Promise<Response> =>
    respond.serve(c, {
      key: `page:${page}`,
      kind: "html",
      async render(view) {
        const start = (page - 1) * HOME_PAGE_SIZE;
        const stories = await store.at(view.positions.slice(start, start + HOME_PAGE_SIZE));
        const pages = pagesOf(view.entries.length);
        return {
          body: renderHomePage(site, { stories, page, pages, now: clock() }),
          // The page shows its stories and whether older ones follow.
          modified: view.modifiedThrough(start + HOME_PAGE_SIZE),
        };
      },
    });
  resource("/", (c) => homePage(c, 1));
  resource("/page/:page", (c) => {
    const page = pageNumber(c.req.param("page"));
    if (page === 1) return respond.redirect(c, "/");
    return page >= 2 && page <= pagesOf(respond.view().entries.length)
      ? homePage(c, page)
      : respond.notFound(c);
  });

  resource("/tags/:tag", (c) => {
    const found = topicOf(c, respond, "");
    if (found instanceof Promise || found instanceof Response) return found;
    const { slug } = found;
    return respond.serve(c, {
      key: `topic:${slug}`,
      kind: "html",
      async render(view) {
        const topic = view.topics.get(slug) ?? { name: found.topic.name, places: [] };
        const places = topic.places.slice(0, TOPIC_PAGE_SIZE);
        const stories = await store.at(places.map((place) => view.positions[place]!));
        return {
          body: renderTagPage(site, topic.name, stories),
          modified: view.modifiedThrough(topic.places[TOPIC_PAGE_SIZE] ?? Infinity),
        };
      },
    });
  });

  resource("/feeds", (c) =>
    respond.serve(c, {
      key: "feeds",
      kind: "html",
      render: (view) => ({ body: renderFeedsPage(site), modified: view.modifiedThrough(Infinity) }),
    }),
  );

  return app;
}
