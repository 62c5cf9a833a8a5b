// Makes every story's `updated` instant distinct, keeping the NNN order among stories that share one.

import { dateRfc3339 } from "../core/dates";

/**
 * Seeds added or changed in one commit (or dated by SOURCE_DATE_EPOCH) share an
 * instant, and feed validators warn on entries with equal `updated` values
 * (W3C: DuplicateUpdated). Ordered by (updated, NNN), each story is moved to at
 * least one second after the one before it: deterministic, never earlier than
 * its own date, and NNN still decides the order within a commit.
 */
export function distinctUpdated<T extends { readonly updated: string; readonly number: number }>(
  stories: readonly T[],
): T[] {
  const order = [...stories].sort((a, b) =>
    a.updated === b.updated ? a.number - b.number : a.updated < b.updated ? -1 : 1,
  );
  const moved = new Map<T, string>();
  let previous = Number.NEGATIVE_INFINITY;
  for (const story of order) {
    const time = Math.max(Date.parse(story.updated), previous + 1000);
    previous = time;
    moved.set(story, dateRfc3339(new Date(time)));
  }
  return stories.map((story) => {
    const updated = moved.get(story)!;
    return updated === story.updated ? story : { ...story, updated };
  });
}
