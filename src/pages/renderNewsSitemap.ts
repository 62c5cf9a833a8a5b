// The Google News sitemap: stories of the last two days with publication name, language, date and title.

import { escapeXml } from "../core/escapeXml";
import { storyPath } from "../core/storyPath";
import type { Site, StoryIndexEntry } from "../core/types";

/**
 * Google News wants an ISO 639 language code, with `zh-cn` / `zh-tw` for Chinese;
 * other region subtags (`en-GB`) are dropped.
 */
export function newsLanguage(language: string): string {
  const [primary, ...rest] = language.toLowerCase().split("-");
  if (primary === "zh")
    return rest.some((part) => ["tw", "hk", "mo", "hant"].includes(part)) ? "zh-tw" : "zh-cn";
  return primary!;
}

/** The news sitemap listing `entries` (already limited to the last two days, at most 1,000). */
export function renderNewsSitemap(site: Site, entries: readonly StoryIndexEntry[]): string {
  const x = escapeXml;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">',
    ...entries.map((entry) =>
      [
        "  <url>",
        `    <loc>${x(site.baseUrl + storyPath(entry))}</loc>`,
        "    <news:news>",
        "      <news:publication>",
        `        <news:name>${x(site.title)}</news:name>`,
        `        <news:language>${x(newsLanguage(site.language))}</news:language>`,
        "      </news:publication>",
        `      <news:publication_date>${entry.published}</news:publication_date>`,
        `      <news:title>${x(entry.title)}</news:title>`,
        "    </news:news>",
        "  </url>",
      ].join("\n"),
    ),
    "</urlset>",
    "",
  ].join("\n");
}
