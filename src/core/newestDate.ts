// The newest `updated` date of a list of stories: what a feed's own date is, never the clock.

import type { StoryIndexEntry } from "./types";

/** Latest `updated` among `stories` (RFC 3339), or `fallback` when the list is empty. */
export function newestDate(stories: readonly Pick<StoryIndexEntry, "updated">[], fallback: string): string {
  let newest = "";
  for (const story of stories) if (story.updated > newest) newest = story.updated;
  return newest || fallback;
}
