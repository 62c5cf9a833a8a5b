// The three feed formats, written once: file name, media type and the name people know them by.

/** Each format's file name (under `/`, `/archive/<k>/` and `/tags/<slug>/`), media type and name. */
export const FEED_FORMATS = {
  rss: { file: "feed.xml", mediaType: "application/rss+xml", name: "RSS" },
  atom: { file: "atom.xml", mediaType: "application/atom+xml", name: "Atom" },
  json: { file: "feed.json", mediaType: "application/feed+json", name: "JSON Feed" },
} as const;

/** One of the three feed formats. */
export type FeedFormat = keyof typeof FEED_FORMATS;

/** The formats in the order every list shows them: RSS, Atom, JSON Feed. */
export const FEED_FORMAT_LIST = Object.keys(FEED_FORMATS) as readonly FeedFormat[];

/** The format served under a feed file name (`feed.xml`, `atom.xml`, `feed.json`), if any. */
export function feedFormatOf(file: string): FeedFormat | undefined {
  return FEED_FORMAT_LIST.find((format) => FEED_FORMATS[format].file === file);
}
