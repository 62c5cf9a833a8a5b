// robots.txt: everything may be crawled; the sitemaps say what exists.

import type { Site } from "../core/types";

/** The robots.txt of `site`, pointing at its sitemaps (absolute URLs, as RFC 9309 §2.4 wants). */
export function renderRobots(site: Site): string {
  return [
    "User-agent: *",
    "Allow: /",
    "",
    `Sitemap: ${site.baseUrl}/sitemap.xml`,
    `Sitemap: ${site.baseUrl}/news-sitemap.xml`,
    "",
  ].join("\n");
}
