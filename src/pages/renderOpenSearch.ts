// The OpenSearch description (opensearch.org 1.1), so browsers offer the site's search.

import { escapeXml } from "../core/escapeXml";
import { FEED_FORMATS } from "../core/feedFormats";
import type { Site } from "../core/types";

/** `/opensearch.xml`: the results page and the search feeds as URL templates. */
export function renderOpenSearch(site: Site): string {
  const x = escapeXml;
  // ShortName holds at most 16 characters (OpenSearch 1.1).
  const shortName = [...site.title].slice(0, 16).join("");
  const template = (path: string) => x(`${site.baseUrl}${path}?q={searchTerms}`);
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">',
    `  <ShortName>${x(shortName)}</ShortName>`,
    `  <Description>${x(`Search the stories of ${site.title}`)}</Description>`,
    "  <InputEncoding>UTF-8</InputEncoding>",
    `  <Language>${x(site.language)}</Language>`,
    `  <Url type="text/html" method="get" template="${template("/search")}"/>`,
    `  <Url type="${FEED_FORMATS.rss.mediaType}" method="get" template="${template("/search/feed.xml")}"/>`,
    `  <Url type="${FEED_FORMATS.atom.mediaType}" method="get" template="${template("/search/atom.xml")}"/>`,
    `  <Url type="application/opensearchdescription+xml" rel="self" template="${x(`${site.baseUrl}/opensearch.xml`)}"/>`,
    "</OpenSearchDescription>",
    "",
  ].join("\n");
}
