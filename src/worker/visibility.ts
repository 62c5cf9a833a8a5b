// Which stories are served at an instant: drafts and scheduled stories stay hidden outside preview,
// and the instant the set next changes is known, so a request needs one comparison to stay correct.

import { archiveCount, chunkOf } from "../core/archive";
import { tagSlug } from "../core/tagSlug";
import type { StoryIndexEntry } from "../core/types";

/** How long a story stays in the news sitemap, and how many it may list (Google's rules). */
const NEWS_WINDOW_MS = 2 * 24 * 3600 * 1000;
const MAX_NEWS_STORIES = 1000;

/** The stories served at one instant and everything derived from them. */
export interface Visibility {
  /** The served stories, newest first. */
  readonly entries: readonly StoryIndexEntry[];
  /** Each served story's position in the full index (which decides its chunk). */
  readonly positions: readonly number[];
  /** Story id -> place in `entries`. */
  readonly byId: ReadonlyMap<string, number>;
  /** Archive pages that exist: full chunks, from the oldest, holding no story still scheduled. */
  readonly archives: number;
  /** Stories in the subscription feeds. */
  readonly feedLength: number;
  /** Epoch milliseconds at which the served set next changes; Infinity when it never will. */
  readonly nextChange: number;
  /** Retracted stories (newest first) by id -> full-index position: 410 Gone and Atom tombstones. */
  readonly retracted: ReadonlyMap<string, number>;
  /** Places in `entries` of the stories published in the last two days (the news sitemap). */
  readonly recent: readonly number[];
  /** Tag slug -> its name (as the newest story spells it) and its served stories' places in `entries`. */
  readonly topics: ReadonlyMap<string, { readonly name: string; readonly places: readonly number[] }>;
}

/**
 * The stories of `index` served at `now` (epoch ms). Outside preview, drafts are
 * never served and a story is served from its `published` instant on. In
 * preview (`showDrafts`) everything is served.
 */
export function visibility(
  index: readonly StoryIndexEntry[],
  chunkSize: number,
  feedSize: number,
  showDrafts: boolean,
  now: number,
): Visibility {
  const total = index.length;
  const fullChunks = archiveCount(total, chunkSize);
  const entries: StoryIndexEntry[] = [];
  const positions: number[] = [];
  let nextChange = Number.POSITIVE_INFINITY;
  let firstScheduledChunk = fullChunks;
  const retracted = new Map<string, number>();
  index.forEach((entry, position) => {
    if (entry.retracted) {
      retracted.set(entry.id, position);
      return;
    }
    const at = Date.parse(entry.published);
    const scheduled = !entry.draft && at > now;
    if (scheduled) {
      nextChange = Math.min(nextChange, at);
      firstScheduledChunk = Math.min(firstScheduledChunk, chunkOf(position, total, chunkSize).chunk);
    }
    if (showDrafts || (!entry.draft && !scheduled)) {
      entries.push(entry);
      positions.push(position);
    }
  });
  // A page holding a scheduled story would change when it is published: not an archive yet.
  const archives = showDrafts ? fullChunks : Math.min(fullChunks, firstScheduledChunk);
  const unarchived = positions.filter(
    (position) => chunkOf(position, total, chunkSize).chunk >= archives,
  ).length;
  // Google News takes stories of the last two days; a story leaving that window is a change too.
  const recent: number[] = [];
  entries.forEach((entry, place) => {
    const leaves = Date.parse(entry.published) + NEWS_WINDOW_MS;
    if (leaves > now && Date.parse(entry.published) <= now && recent.length < MAX_NEWS_STORIES) {
      recent.push(place);
      nextChange = Math.min(nextChange, leaves);
    }
  });
  const topics = new Map<string, { name: string; places: number[] }>();
  entries.forEach((entry, place) => {
    for (const tag of new Set(entry.tags ?? [])) {
      const slug = tagSlug(tag);
      const topic = topics.get(slug) ?? { name: tag, places: [] };
      if (topic.places.at(-1) !== place) topic.places.push(place);
      topics.set(slug, topic);
    }
  });
  return {
    entries,
    positions,
    byId: new Map(entries.map((entry, i) => [entry.id, i])),
    archives,
    feedLength: Math.min(entries.length, Math.max(feedSize, unarchived)),
    nextChange,
    retracted,
    recent,
    topics,
  };
}
