// What every feed renderer needs besides the stories: absolute URLs and the feed's own date.

import { FEED_PATHS } from "../core/paths";
import { newestDate } from "../core/newestDate";
import { storyPath } from "../core/storyPath";
import type { Site, Story } from "../core/types";

/** Absolute URLs and dates derived once from the site settings and the stories. */
export interface FeedContext {
  readonly site: Site;
  readonly homeUrl: string;
  readonly rssUrl: string;
  readonly atomUrl: string;
  readonly jsonUrl: string;
  /** The newest story's `updated` (RFC 3339): the feed's date, never the clock. */
  readonly updated: string;
  readonly storyUrl: (story: Story) => string;
}

/** The context for a feed of `stories` on `site`. */
export function feedContext(site: Site, stories: readonly Story[]): FeedContext {
  return {
    site,
    homeUrl: `${site.baseUrl}/`,
    rssUrl: `${site.baseUrl}${FEED_PATHS.rss}`,
    atomUrl: `${site.baseUrl}${FEED_PATHS.atom}`,
    jsonUrl: `${site.baseUrl}${FEED_PATHS.json}`,
    updated: newestDate(stories, "1970-01-01T00:00:00Z"),
    storyUrl: (story) => `${site.baseUrl}${storyPath(story)}`,
  };
}
