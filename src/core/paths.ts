// Paths of the site's fixed resources.

export const FEED_PATHS = {
  rss: "/feed.xml",
  atom: "/atom.xml",
  json: "/feed.json",
} as const;
