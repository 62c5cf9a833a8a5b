// sitemaps.org 0.9: the sitemap index (`/sitemap.xml`) and the sitemaps it lists, each of at most
// one index file's stories (far under the protocol's 50,000 URLs and 50 MB), dated by the stories.

import { escapeXml } from "../core/escapeXml";
import type { Site } from "../core/types";

/** A page of the site (a root-relative path) and its `lastmod`: the stories' `updated`, never the build time. */
export interface SitemapUrl {
  readonly path: string;
  readonly lastmod: string;
}

/** A sitemap of `urls` (at least one: the protocol's schema wants one). */
export function renderSitemap(site: Site, urls: readonly SitemapUrl[]): string {
  return list(site, "urlset", "url", urls);
}

/** The sitemap index listing `sitemaps` (their paths, and the newest `lastmod` of each). */
export function renderSitemapIndex(site: Site, sitemaps: readonly SitemapUrl[]): string {
  return list(site, "sitemapindex", "sitemap", sitemaps);
}

/** Both documents: a root element of `item` elements, each a `loc` and its `lastmod`. */
function list(site: Site, root: string, item: string, entries: readonly SitemapUrl[]): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<${root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`,
    ...entries.map(
      ({ path, lastmod }) =>
        `  <${item}><loc>${escapeXml(site.baseUrl + path)}</loc><lastmod>${lastmod}</lastmod></${item}>`,
    ),
    `</${root}>`,
    "",
  ].join("\n");
}
