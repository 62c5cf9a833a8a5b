// The small per-story record the Worker keeps in memory, taken from a full story.

import type { ListedEntry, Story, StoryIndexEntry } from "./types";

/** What the index and lists need of a story: everything but its body. */
export type IndexedStory = Pick<
  Story,
  "id" | "slug" | "title" | "published" | "updated" | "draft" | "retracted" | "tags" | "summary"
>;

/**
 * Longest summary a list file or topic block carries, in characters. A derived
 * summary is at most 300; a front-matter one may be longer, and such a story's
 * summary is read from its chunk, so those files stay small whatever the seeds say.
 */
export const LISTED_SUMMARY_LENGTH = 1000;

/** What of `story` the index files carry; optional fields only when set, to keep them small. */
export function indexEntry(story: IndexedStory): StoryIndexEntry {
  return {
    id: story.id,
    slug: story.slug,
    title: story.title,

    published: story.published,
    updated: story.updated,
    ...(story.draft ? { draft: true as const } : {}),
    ...(story.retracted ? { retracted: true as const } : {}),
    ...(story.tags.length > 0 ? { tags: story.tags } : {}),
  };
}

/** The summary a list shows of `story` without reading it, or null when it is too long to carry. */
export function listedSummary(story: IndexedStory): string | null {
  return story.summary.length <= LISTED_SUMMARY_LENGTH ? story.summary : null;
}

/** `story`'s index entry with its listed summary (topic blocks). */
export function listedEntry(story: IndexedStory): ListedEntry {
  const summary = listedSummary(story);
  return { ...indexEntry(story), ...(summary === null ? {} : { summary }) };
}
