// How crawlers, readers and browsers find everything: robots.txt, the sitemap index and its
// sitemaps, the news sitemap, the OPML list of feeds and the OpenSearch description.

import { storyPath } from "../../core/storyPath";
import { renderOpml } from "../../feeds/renderOpml";
import { renderNewsSitemap } from "../../pages/renderNewsSitemap";
import { renderOpenSearch } from "../../pages/renderOpenSearch";
import { renderRobots } from "../../pages/renderRobots";
import { renderSitemap, renderSitemapIndex } from "../../pages/renderSitemap";
import type { Resource } from "../respond";
import type { Visibility } from "../visibility";
import { pageNumber, routeGroup, type RouteKit } from "./routeKit";

/** The discovery routes: each a document derived from the served stories alone. */
export function discoveryRoutes({ site, layout, respond }: RouteKit) {
  const { app, resource } = routeGroup();
  const { segmentSize } = layout;
  /** Ordinals of story sitemap `n` (1 = oldest): one index file's. */
  const rangeOf = (view: Visibility, n: number): { first: number; last: number } => ({
    first: (n - 1) * segmentSize,
    last: Math.min(n * segmentSize, view.total) - 1,
  });
  /** Whether story sitemap `n` lists a story (an empty sitemap is invalid: it is left out). */
  const listed = (view: Visibility, n: number): boolean => {
    const { first, last } = rangeOf(view, n);
    return view.servedIn(first, last) > 0;
  };

  const documents: Record<string, Omit<Resource, "key">> = {
    "/robots.txt": {
      kind: "text",
      render: async (view) => ({ body: renderRobots(site), modified: await view.modifiedThrough(Infinity) }),
    },
    "/sitemap.xml": {
      kind: "xml",
      async render(view) {
        const modified = await view.modifiedThrough(Infinity);
        const sitemaps = [{ path: "/sitemaps/home.xml", lastmod: modified }];
        for (let n = 1; (n - 1) * segmentSize < view.total; n++) {
          if (!listed(view, n)) continue;
          const { first, last } = rangeOf(view, n);
          sitemaps.push({ path: `/sitemaps/${n}.xml`, lastmod: await view.newestUpdated(first, last) });
        }
        return { body: renderSitemapIndex(site, sitemaps), modified };
      },
    },
    "/sitemaps/home.xml": {
      kind: "xml",
      async render(view) {
        const modified = await view.modifiedThrough(Infinity);
        return { body: renderSitemap(site, [{ path: "/", lastmod: modified }]), modified };
      },
    },
    "/news-sitemap.xml": {
      kind: "xml",
      render: (view) => ({ body: renderNewsSitemap(site, view.recent), modified: view.newsModified }),
    },
    "/opensearch.xml": {
      kind: "opensearch",
      render: async (view) => ({
        body: renderOpenSearch(site),
        modified: await view.modifiedThrough(Infinity),
      }),
    },
    "/feeds.opml": {
      kind: "opml",
      async render(view) {
        // The topic list comes from every served story: any change anywhere can change it.
        const modified = await view.modifiedThrough(Infinity);
        const topics = [...view.topics.values()].map((topic) => topic.name);
        return { body: renderOpml(site, modified, topics), modified };
      },
    },
  };
  for (const [path, document] of Object.entries(documents)) {
    resource(path, (c) => respond.serve(c, { key: path, ...document }));
  }

  // Story sitemap n: the served stories of index file n - 1, oldest first. Once the file is full, it
  // changes only when one of its stories is edited or retracted: never when stories are added.
  resource("/sitemaps/:file", (c) => {
    const match = /^([1-9]\d{0,6})\.xml$/.exec(c.req.param("file") ?? "");
    const n = pageNumber(match?.[1]);
    const view = respond.view();
    if (n < 1 || (n - 1) * segmentSize >= view.total || !listed(view, n)) return respond.notFound(c);
    return respond.serve(c, {
      key: `sitemap:${n}`,
      kind: "xml",
      async render(view) {
        const { first, last } = rangeOf(view, n);
        const ordinals: number[] = [];
        for (let ordinal = first; ordinal <= last; ordinal++)
          if (view.isServed(ordinal)) ordinals.push(ordinal);
        const entries = await view.entries(ordinals);
        const urls = entries.map((entry) => ({ path: storyPath(entry), lastmod: entry.updated }));
        return { body: renderSitemap(site, urls), modified: await view.newestUpdated(first, last) };
      },
    });
  });
  return app;
}
