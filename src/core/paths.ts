// Paths of the site's resources, shared by renderers and routes.

import { FEED_FORMATS, FEED_FORMAT_LIST, type FeedFormat } from "./feedFormats";

/** The subscription feeds' paths: `/feed.xml`, `/atom.xml`, `/feed.json`. */
export const FEED_PATHS = Object.fromEntries(
  FEED_FORMAT_LIST.map((format) => [format, `/${FEED_FORMATS[format].file}`]),
) as { readonly [F in FeedFormat]: `/${(typeof FEED_FORMATS)[F]["file"]}` };

/**
 * Path of RFC 5005 archive page `page` (1 = oldest) in `format`: `/archive/<page>/feed.xml`, or
 * under a topic's path (`prefix`, e.g. `/tags/world`) for that topic's archive.
 */
export function archivePath(format: FeedFormat, page: number, prefix = ""): string {
  return `${prefix}/archive/${page}/${FEED_FORMATS[format].file}`;
}

/** Path of home page `page` (1 is `/`). */
export function homePagePath(page: number): string {
  return page === 1 ? "/" : `/page/${page}`;
}
