// OPML 2.0 listing the site's feeds, for readers that import subscriptions from a file.

import { escapeXml } from "../core/escapeXml";
import { FEED_FORMATS, FEED_FORMAT_LIST } from "../core/feedFormats";
import { FEED_PATHS } from "../core/paths";
import { tagPath } from "../core/tagSlug";
import type { Site } from "../core/types";

/**
 * The OPML document: the three site feeds, then each topic's RSS feed in a
 * "Topics" outline (its Atom and JSON Feed sit beside it at the same path).
 * `updated` (RFC 3339) is the newest story's date, as `dateModified`.
 */
export function renderOpml(site: Site, updated: string, topics: readonly string[] = []): string {
  const x = escapeXml;
  const outline = (label: string, path: string, home = "/", indent = "    "): string =>
    `${indent}<outline type="rss" text="${x(label)}" title="${x(label)}" xmlUrl="${x(site.baseUrl + path)}" htmlUrl="${x(site.baseUrl + home)}" language="${x(site.language)}"/>`;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<opml version="2.0">',
    "  <head>",
    `    <title>${x(site.title)}</title>`,
    `    <dateModified>${new Date(updated).toUTCString()}</dateModified>`,
    "  </head>",
    "  <body>",
    ...FEED_FORMAT_LIST.map((format) =>
      outline(`${site.title} (${FEED_FORMATS[format].name})`, FEED_PATHS[format]),
    ),
    ...(topics.length > 0
      ? [
          '    <outline text="Topics">',
          ...topics.map((name) =>
            outline(`${site.title}: ${name}`, `${tagPath(name)}${FEED_PATHS.rss}`, tagPath(name), "      "),
          ),
          "    </outline>",
        ]
      : []),
    "  </body>",
    "</opml>",
    "",
  ].join("\n");
}
