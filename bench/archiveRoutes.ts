// The routes deep in the archive the bench measures, found in a built site's files: the oldest
// story, the last home page, the oldest archive page, the commonest and the rarest topic.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Directory } from "../src/core/archiveLayout";
import type { StoryIndexEntry } from "../src/core/types";
import type { BenchRoute } from "./routes";

/** Stories per home page and per topic page (as src/worker/routes/pages.ts pages them). */
const HOME_PAGE_SIZE = 20;
const TOPIC_PAGE_SIZE = 50;

/** The archive routes of the site whose assets are in `assetsDir`. */
export function archiveRoutes(assetsDir: string): BenchRoute[] {
  const directory = JSON.parse(readFileSync(join(assetsDir, "_index/directory.json"), "utf8")) as Directory;
  const oldest = (
    JSON.parse(readFileSync(join(assetsDir, "_index/0.json"), "utf8")) as StoryIndexEntry[]
  )[0]!;
  const topics = [...directory.topics].sort((a, b) => b.stories - a.stories);
  const common = topics[0];
  const rare = topics.at(-1);
  const lastPage = Math.max(1, Math.ceil(directory.total / HOME_PAGE_SIZE));
  return [
    { name: "old permalink", path: `/stories/${oldest.id}/${oldest.slug}` },
    { name: "deep home page", path: lastPage > 1 ? `/page/${lastPage}` : "/" },
    { name: "archive page 1", path: "/archive/1/feed.xml" },
    { name: "sitemap 1", path: "/sitemaps/1.xml" },
    ...(common && rare
      ? [
          { name: "topic page", path: `/tags/${common.slug}` },
          {
            name: "deep topic page",
            path: `/tags/${common.slug}/page/${Math.max(1, Math.ceil(common.stories / TOPIC_PAGE_SIZE))}`.replace(
              /\/page\/1$/,
              "",
            ),
          },
          { name: "rare topic page", path: `/tags/${rare.slug}` },
          { name: "topic feed", path: `/tags/${common.slug}/feed.xml` },
          { name: "topic archive 1", path: `/tags/${common.slug}/archive/1/feed.xml` },
        ]
      : []),
  ];
}
