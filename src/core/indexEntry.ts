// The small per-story record the Worker keeps in memory, taken from a full story.

import type { Story, StoryIndexEntry } from "./types";

/**
 * Longest summary an index entry carries, in characters. A derived summary is
 * at most 300; a front-matter one may be longer, and such a story's summary is
 * read from its chunk, so an index file stays small whatever the seeds say.
 */
export const LISTED_SUMMARY_LENGTH = 1000;

/** What of `story` the index files carry; optional fields only when set, to keep them small. */
export function indexEntry(story: Story): StoryIndexEntry {
  return {
    id: story.id,
    slug: story.slug,
    title: story.title,
    ...(story.summary.length <= LISTED_SUMMARY_LENGTH ? { summary: story.summary } : {}),
    published: story.published,
    updated: story.updated,
    ...(story.draft ? { draft: true as const } : {}),
    ...(story.retracted ? { retracted: true as const } : {}),
    ...(story.tags.length > 0 ? { tags: story.tags } : {}),
  };
}
