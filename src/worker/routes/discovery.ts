// How crawlers, readers and browsers find everything: robots.txt, the sitemaps, the OPML list of
// feeds and the OpenSearch description.

import { renderOpml } from "../../feeds/renderOpml";
import { renderNewsSitemap } from "../../pages/renderNewsSitemap";
import { renderOpenSearch } from "../../pages/renderOpenSearch";
import { renderRobots } from "../../pages/renderRobots";
import { renderSitemap } from "../../pages/renderSitemap";
import type { Resource } from "../respond";
import { routeGroup, type RouteKit } from "./routeKit";

/** The discovery routes: each a document derived from the served stories alone. */
export function discoveryRoutes({ site, respond }: RouteKit) {
  const { app, resource } = routeGroup();
  const documents: Record<string, Omit<Resource, "key">> = {
    "/robots.txt": {
      kind: "text",
      render: (view) => ({ body: renderRobots(site), modified: view.modifiedThrough(Infinity) }),
    },
    "/sitemap.xml": {
      kind: "xml",
      render: (view) => ({
        body: renderSitemap(site, view.entries),
        modified: view.modifiedThrough(Infinity),
      }),
    },
    "/news-sitemap.xml": {
      kind: "xml",
      render: (view) => ({
        body: renderNewsSitemap(
          site,
          view.recent.map((place) => view.entries[place]!),
        ),
        modified: view.newsModified,
      }),
    },
    "/opensearch.xml": {
      kind: "opensearch",
      render: (view) => ({ body: renderOpenSearch(site), modified: view.modifiedThrough(Infinity) }),
    },
    "/feeds.opml": {
      kind: "opml",
      render(view) {
        // The topic list comes from every served story: any change anywhere can change it.
        const modified = view.modifiedThrough(Infinity);
        const topics = [...view.topics.values()].map((topic) => topic.name);
        return { body: renderOpml(site, modified, topics), modified };
      },
    },
  };
  for (const [path, document] of Object.entries(documents)) {
    resource(path, (c) => respond.serve(c, { key: path, ...document }));
  }
  return app;
}
