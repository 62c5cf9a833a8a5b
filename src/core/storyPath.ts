// The URL layout of stories, shared by renderers and routes.

import type { Story } from "./types";

/** Canonical path of a story's permalink page: `/stories/<id>/<slug>`. */
export function storyPath(story: Pick<Story, "id" | "slug">): string {
  return `/stories/${story.id}/${story.slug}`;
}
