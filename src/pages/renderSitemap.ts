// sitemap.xml (sitemaps.org 0.9): the home page and every story's permalink, dated by the stories.

import { escapeXml } from "../core/escapeXml";
import { newestDate } from "../core/newestDate";
import { storyPath } from "../core/storyPath";
import type { Site, StoryIndexEntry } from "../core/types";

/** The sitemap of `entries` (the served stories). `lastmod` is each story's `updated`, never the build time. */
export function renderSitemap(site: Site, entries: readonly StoryIndexEntry[]): string {
  const url = (loc: string, lastmod: string): string =>
    `  <url><loc>${escapeXml(loc)}</loc><lastmod>${lastmod}</lastmod></url>`;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    url(`${site.baseUrl}/`, newestDate(entries)),
    ...entries.map((entry) => url(`${site.baseUrl}${storyPath(entry)}`, entry.updated)),
    "</urlset>",
    "",
  ].join("\n");
}
