// OPML 2.0 listing the site's feeds, for readers that import subscriptions from a file.

import { escapeXml } from "../core/escapeXml";
import { FEED_PATHS } from "../core/paths";
import type { Site } from "../core/types";

/** The OPML document; `updated` (RFC 3339) is the newest story's date, as `dateModified`. */
export function renderOpml(site: Site, updated: string): string {
  const x = escapeXml;
  const outline = (label: string, path: string): string =>
    `    <outline type="rss" text="${x(`${site.title} (${label})`)}" title="${x(`${site.title} (${label})`)}" xmlUrl="${x(site.baseUrl + path)}" htmlUrl="${x(`${site.baseUrl}/`)}" language="${x(site.language)}"/>`;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<opml version="2.0">',
    "  <head>",
    `    <title>${x(site.title)}</title>`,
    `    <dateModified>${new Date(updated).toUTCString()}</dateModified>`,
    "  </head>",
    "  <body>",
    outline("RSS", FEED_PATHS.rss),
    outline("Atom", FEED_PATHS.atom),
    outline("JSON Feed", FEED_PATHS.json),
    "  </body>",
    "</opml>",
    "",
  ].join("\n");
}
