// The small per-story record the Worker keeps in memory, taken from a full story.

import type { Story, StoryIndexEntry } from "./types";

/** What of `story` the bundled index carries; optional fields only when set, to keep it small. */
export function indexEntry(story: Story): StoryIndexEntry {
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
