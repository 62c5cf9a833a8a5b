// The label a story carries in preview (wrangler dev): drafts and scheduled stories are never served
// in production, so the label never appears there.

import type { StoryIndexEntry } from "../core/types";
import { formatDate } from "./formatDate";

/** "Draft", "Scheduled for <date>", or null for a story that is live at `now` (epoch ms). */
export function previewLabel(
  story: Pick<StoryIndexEntry, "draft" | "published">,
  now: number,
): string | null {
  if (story.draft) return "Draft: not published";
  if (Date.parse(story.published) > now) return `Scheduled: published on ${formatDate(story.published)}`;
  return null;
}
