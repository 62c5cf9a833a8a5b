// The newest `updated` date of a list of stories: what a feed's own date is, never the clock.

import type { StoryIndexEntry } from "./types";

/** Latest `updated` among `stories` (RFC 3339), or `fallback` (the Unix epoch) when the list is empty. */
export function newestDate(
  stories: readonly Pick<StoryIndexEntry, "updated">[],
  fallback = "1970-01-01T00:00:00Z",
): string {
  let newest = "";
  for (const story of stories) if (story.updated > newest) newest = story.updated;
  return newest || fallback;
}
