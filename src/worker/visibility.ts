// Which stories are served at an instant: drafts and scheduled stories stay hidden outside preview,
// and the instant the set next changes is known, so a request needs one comparison to stay correct.
// It also knows, for every kind of document, the newest instant that can have changed its body:
// that instant is the document's Last-Modified (RFC 9110 §8.8.2).

import { archiveCount, chunkOf } from "../core/archive";
import { dateRfc3339 } from "../core/dates";
import { tagSlug } from "../core/tagSlug";
import type { StoryIndexEntry } from "../core/types";

/** How long a story stays in the news sitemap, and how many it may list (Google's rules). */
const NEWS_WINDOW_MS = 2 * 24 * 3600 * 1000;
const MAX_NEWS_STORIES = 1000;
/** The date of a document nothing has ever changed (no story served): the Unix epoch. */
const EPOCH = "1970-01-01T00:00:00Z";

/** A topic: its name (as the newest story spells it) and its served stories' places in `entries`. */
export interface Topic {
  readonly name: string;
  readonly places: readonly number[];
}

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
  /** Tag slug -> the topic. */
  readonly topics: ReadonlyMap<string, Topic>;
  /**
   * Last-Modified of a list that shows the served stories at places `0..place`
   * (newest first, `place` included so the list knows whether more follow): the
   * newest `updated` of every story served or retracted up to that story in the
   * full index. A story published, edited or retracted there moves it forward;
   * older ones cannot change such a list. Past the end: the whole index.
   */
  modifiedThrough(place: number): string;
  /**
   * Last-Modified of archive page `page` (1 = oldest): the newest `updated` of
   * every story served or retracted in it or in an older page (a story inserted
   * below shifts it), and, once a newer page exists, in that page too (the story
   * that completed it gave this page its `next-archive` link).
   */
  archiveModified(page: number): string;
  /** Last-Modified of the story page at `place`: it shows its own story and its newer and older neighbours. */
  storyModified(place: number): string;
  /** Last-Modified of the news sitemap: its stories, and the last instant a story left its two-day window. */
  readonly newsModified: string;
  /** The latest `updated` of any retracted story (when the last retraction was made), or the epoch. */
  readonly newestRetraction: string;
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
  // Whether each story of the full index can show anywhere (served, or retracted: a tombstone).
  const counts: boolean[] = new Array(total);
  index.forEach((entry, position) => {
    if (entry.retracted) {
      retracted.set(entry.id, position);
      counts[position] = true;
      return;
    }
    const at = Date.parse(entry.published);
    const scheduled = !entry.draft && at > now;
    if (scheduled) {
      nextChange = Math.min(nextChange, at);
      firstScheduledChunk = Math.min(firstScheduledChunk, chunkOf(position, total, chunkSize).chunk);
    }
    const served = showDrafts || (!entry.draft && !scheduled);
    counts[position] = served;
    if (served) {
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
  let lastExit = EPOCH;
  entries.forEach((entry, place) => {
    const published = Date.parse(entry.published);
    const leaves = published + NEWS_WINDOW_MS;
    if (leaves > now && published <= now && recent.length < MAX_NEWS_STORIES) {
      recent.push(place);
      nextChange = Math.min(nextChange, leaves);
    } else if (leaves <= now) {
      const left = dateRfc3339(new Date(leaves));
      if (left > lastExit) lastExit = left;
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

  // Running maxima of `updated` over the stories that can show, from the newest and from the oldest.
  const newestFirst: string[] = new Array(total);
  const oldestFirst: string[] = new Array(total);
  let newest = EPOCH;
  for (let position = 0; position < total; position++) {
    const updated = index[position]!.updated;
    if (counts[position] && updated > newest) newest = updated;
    newestFirst[position] = newest;
  }
  newest = EPOCH;
  for (let position = total - 1; position >= 0; position--) {
    const updated = index[position]!.updated;
    if (counts[position] && updated > newest) newest = updated;
    oldestFirst[total - 1 - position] = newest;
  }
  const latest = (a: string, b: string): string => (a > b ? a : b);
  const modifiedThrough = (place: number): string =>
    place < entries.length ? newestFirst[positions[place]!]! : (newestFirst[total - 1] ?? EPOCH);
  // The latest retraction (not the retraction of the latest story: an old story can be retracted last).
  let newestRetraction = EPOCH;
  for (const position of retracted.values())
    newestRetraction = latest(newestRetraction, index[position]!.updated);
  const shown = (places: readonly number[]): string =>
    places.reduce((max, place) => latest(max, entries[place]!.updated), EPOCH);

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
    modifiedThrough,
    archiveModified(page) {
      // Once a newer page exists, this one links to it: the newer page's stories count too (the one
      // that completed it was added at its `updated`, whatever date its front matter gives).
      const through = page < archives ? page + 1 : page;
      return oldestFirst[Math.min(through * chunkSize, total) - 1] ?? EPOCH;
    },
    storyModified(place) {
      // Every story from the newer to the older neighbour in the full index (to its ends when there
      // is none): an edit to a neighbour, or a story retracted or published between, changes the links.
      const from = place > 0 ? positions[place - 1]! : 0;
      const to = place < entries.length - 1 ? positions[place + 1]! : total - 1;
      let modified = EPOCH;
      for (let position = from; position <= to; position++) {
        if (counts[position]) modified = latest(modified, index[position]!.updated);
      }
      return modified;
    },
    newsModified: latest(latest(shown(recent), lastExit), newestRetraction),
    newestRetraction,
  };
}
