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
  // Positions, not a map keyed by story: a million seeds are planned this way.
  const order = Array.from(stories.keys()).sort((i, j) => {
    const a = stories[i]!;
    const b = stories[j]!;
    return a.updated === b.updated ? a.number - b.number : a.updated < b.updated ? -1 : 1;
  });
  const moved = new Array<string>(stories.length);
  let previous = Number.NEGATIVE_INFINITY;
  for (const i of order) {
    const time = Math.max(Date.parse(stories[i]!.updated), previous + 1000);
    previous = time;
    moved[i] = dateRfc3339(new Date(time));
  }
  return stories.map((story, i) => {
    const updated = moved[i]!;
    return updated === story.updated ? story : { ...story, updated };
  });
}
