// Paths of the site's resources, shared by renderers and routes.

export const FEED_PATHS = {
  rss: "/feed.xml",
  atom: "/atom.xml",
  json: "/feed.json",
} as const;

/** One of the three feed formats. */
export type FeedFormat = keyof typeof FEED_PATHS;

/** The file name of each format, used for archive pages as well. */
const FEED_FILES: Record<FeedFormat, string> = { rss: "feed.xml", atom: "atom.xml", json: "feed.json" };

/** The format served under a feed file name (`feed.xml`, `atom.xml`, `feed.json`), if any. */
export function feedFormatOf(file: string): FeedFormat | undefined {
  return (Object.keys(FEED_FILES) as FeedFormat[]).find((format) => FEED_FILES[format] === file);
}

/** Path of RFC 5005 archive page `page` (1 = oldest) in `format`: `/archive/<page>/feed.xml`. */
export function archivePath(format: FeedFormat, page: number): string {
  return `/archive/${page}/${FEED_FILES[format]}`;
}

/** Path of home page `page` (1 is `/`). */
export function homePagePath(page: number): string {
  return page === 1 ? "/" : `/page/${page}`;
}
