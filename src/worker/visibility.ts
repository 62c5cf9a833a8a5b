// Which stories are served at an instant: drafts and scheduled stories stay hidden outside preview,
// and the instant the set next changes is known, so a request needs one comparison to stay correct.
// It also knows, for every kind of document, the newest instant that can have changed its body:
// that instant is the document's Last-Modified (RFC 9110 §8.8.2).
//
// It never holds the whole index: the archive's directory (a few dates per index file, the drafts
// and retractions) and the index files that can hold a story not yet published or published in the
// last two days are enough to place any story; other index files are read when a request needs them.

import {
  DIRECTORY_PATH,
  fnv1a,
  idShardPath,
  segmentPath,
  topicShardPath,
  topicTailPath,
  type TopicFile,
  type ArchiveManifest,
  type Directory,
} from "../core/archiveLayout";
import { dateRfc3339 } from "../core/dates";
import { lowerBound } from "../core/lowerBound";
import { tagSlug } from "../core/tagSlug";
import type { StoryIndexEntry } from "../core/types";
import type { ArchiveReader } from "./archiveReader";
import { itemsAt } from "./itemsAt";
import { LruMap } from "./lruMap";
import { archivePages, feedLength as feedLengthOf } from "./paging";
import { loadTopicList, type TopicList } from "./topicList";

/** How long a story stays in the news sitemap, and how many it may list (Google's rules). */
const NEWS_WINDOW_MS = 2 * 24 * 3600 * 1000;
const MAX_NEWS_STORIES = 1000;
/** The date of a document nothing has ever changed (no story served): the Unix epoch. */
const EPOCH = "1970-01-01T00:00:00Z";
/** Bytes of topic lists (a few numbers per block of a topic's stories) kept per served state. */
const TOPIC_LIST_BYTES = 3 * 1024 * 1024;
/** Bytes of topic blocks' ordinals kept decoded per served state (a page asks for those of each of its stories). */
const DECODED_BLOCK_BYTES = 1024 * 1024;

/** A served topic: its name (as the newest story spells it) and how many served stories it has. */
export interface Topic {
  readonly name: string;
  readonly count: number;
}

/** A story found by id: its ordinal and index entry, and whether it is served or retracted. */
export interface Found {
  readonly ordinal: number;
  readonly entry: StoryIndexEntry;
  readonly served: boolean;
}

/** The stories served at one instant and everything derived from them. */
export interface Visibility {
  /** Stories in the build, hidden and retracted ones included (ordinals 0 ... total - 1, oldest first). */
  readonly total: number;
  /** How many stories are served. */
  readonly served: number;
  /** Archive pages that exist: full pages, from the oldest, holding no story still scheduled. */
  readonly archives: number;
  /** Stories in the subscription feeds. */
  readonly feedLength: number;
  /** Epoch milliseconds at which the served set next changes; Infinity when it never will. */
  readonly nextChange: number;
  /** Served topics by tag slug. */
  readonly topics: ReadonlyMap<string, Topic>;
  /** The stories published in the last two days (the news sitemap), newest first. */
  readonly recent: readonly StoryIndexEntry[];
  /** Last-Modified of the news sitemap: its stories, and the last instant a story left its two-day window. */
  readonly newsModified: string;
  /** The latest `updated` of any retracted story (when the last retraction was made), or the epoch. */
  readonly newestRetraction: string;
  /** Ordinals of the newest `limit` retracted stories, newest first (Atom tombstones). */
  retractedNewest(limit: number): number[];
  /** Whether the story with this ordinal is served. */
  isServed(ordinal: number): boolean;
  /** The ordinals of the stories not served (drafts, retractions, scheduled), ascending. */
  readonly excluded: readonly number[];
  /** How many served stories have an ordinal from `first` to `last` (both included). */
  servedIn(first: number, last: number): number;
  /** The ordinal of the served story at `place` (0 = newest; `place` < `served`). */
  ordinalAt(place: number): number;
  /** The place (0 = newest) of the served story with this ordinal. */
  placeOf(ordinal: number): number;
  /** The index entries of these ordinals, in the order given. */
  entries(ordinals: readonly number[]): Promise<StoryIndexEntry[]>;
  /** The story with this id, served or retracted (a draft or a scheduled story is not found). */
  find(id: string): Promise<Found | null>;
  /** The stories of the served topic `slug`. */
  topicList(slug: string): Promise<TopicList>;
  /**
   * The newest `updated` of every story served or retracted with an ordinal from
   * `from` to `to` (both included): a story published, edited or retracted there
   * changes a list that shows or skips it.
   */
  newestUpdated(from: number, to: number): Promise<string>;
  /**
   * Last-Modified of a list that shows the served stories at places `0..place`
   * (newest first, `place` included so the list knows whether more follow).
   * Past the end: the whole archive.
   */
  modifiedThrough(place: number): Promise<string>;
  /**
   * Last-Modified of archive page `page` (1 = oldest): its own and older stories
   * (a story inserted below shifts it), and, once a newer page exists, that
   * page too (the story that completed it gave this page its `next-archive` link).
   */
  archiveModified(page: number): Promise<string>;
  /** Last-Modified of the story page at `place`: it shows its own story and its newer and older neighbours. */
  storyModified(place: number): Promise<string>;
}

const latest = (a: string, b: string): string => (a > b ? a : b);

/** Ascending union of two ascending lists without common elements. */
function merge(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length)
    out.push(j >= b.length || (i < a.length && a[i]! < b[j]!) ? a[i++]! : b[j++]!);
  return out;
}

/** The archive's directory, read once per isolate and checked against the script's manifest. */
export async function readDirectory(reader: ArchiveReader, manifest: ArchiveManifest): Promise<Directory> {
  const directory = await reader.json<Directory>(DIRECTORY_PATH);
  if (directory.version !== manifest.version || directory.total !== manifest.total) {
    throw reader.reject(
      DIRECTORY_PATH,
      `the archive directory is of build ${directory.version}, the script of ${manifest.version}`,
    );
  }
  return directory;
}

/**
 * The stories of the archive served at `now` (epoch ms). Outside preview, drafts
 * are never served and a story is served from its `published` instant on. In
 * preview (`showDrafts`) everything but retractions is served.
 */
export async function loadVisibility(
  reader: ArchiveReader,
  manifest: ArchiveManifest,
  directory: Directory,
  feedSize: number,
  showDrafts: boolean,
  now: number,
): Promise<Visibility> {
  const { total } = directory;
  const { pageSize, segmentSize, idShards, topicShards } = manifest.layout;
  const segmentOf = (ordinal: number): number => Math.floor(ordinal / segmentSize);
  const segmentEntries = (segment: number): Promise<StoryIndexEntry[]> =>
    reader.json<StoryIndexEntry[]>(segmentPath(segment));
  const servedPublished = (segment: number): string => {
    const dates = directory.segments[segment]!;
    return showDrafts ? latest(dates.published, dates.draftPublished) : dates.published;
  };
  const retractedSet = new Set(directory.retracted);

  // The index files that can hold a story not yet published, or published in the last two days.
  const windowStart = dateRfc3339(new Date(now - NEWS_WINDOW_MS));
  const loaded = new Map<number, StoryIndexEntry[]>();
  const wanted = directory.segments.flatMap((_, segment) =>
    servedPublished(segment) > windowStart ? [segment] : [],
  );
  await Promise.all(wanted.map(async (segment) => loaded.set(segment, await segmentEntries(segment))));

  // Scheduled stories (outside preview): not yet published, so not served.
  const nowText = dateRfc3339(new Date(now));
  const scheduled: number[] = [];
  let nextChange = Number.POSITIVE_INFINITY;
  const live = new Set<number>();
  if (!showDrafts) {
    for (const [segment, entries] of loaded) {
      if (directory.segments[segment]!.published <= nowText) continue;
      live.add(segment);
      entries.forEach((entry, offset) => {
        if (entry.draft || entry.retracted) return;
        const at = Date.parse(entry.published);
        if (at > now) {
          scheduled.push(segment * segmentSize + offset);
          nextChange = Math.min(nextChange, at);
        }
      });
    }
    scheduled.sort((a, b) => a - b);
  }
  const hidden = showDrafts ? directory.retracted : merge(directory.drafts, directory.retracted);
  const excluded = merge(hidden, scheduled);
  const excludedSet = new Set(excluded);
  const isServed = (ordinal: number): boolean => ordinal >= 0 && ordinal < total && !excludedSet.has(ordinal);
  const counted = (ordinal: number): boolean => retractedSet.has(ordinal) || !excludedSet.has(ordinal);
  const served = total - excluded.length;
  /** How many served stories have an ordinal of at least `ordinal`. */
  const servedFrom = (ordinal: number): number =>
    total - ordinal - (excluded.length - lowerBound(excluded, ordinal));
  const placeOf = (ordinal: number): number => servedFrom(ordinal) - 1;
  const ordinalAt = (place: number): number => {
    // The newest ordinal with at least place + 1 served stories from it on (it is served itself).
    let lo = 0;
    let hi = total - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (servedFrom(mid) >= place + 1) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  const archives = archivePages(total, scheduled[0] ?? -1, pageSize);
  const feedLength = feedLengthOf(served, feedSize, servedFrom(archives * pageSize));

  // Google News takes stories of the last two days; a story leaving that window is a change too.
  const recent: StoryIndexEntry[] = [];
  let lastExit = EPOCH;
  directory.segments.forEach((_, segment) => {
    if (loaded.has(segment)) return;
    const published = servedPublished(segment);
    if (published) lastExit = latest(lastExit, dateRfc3339(new Date(Date.parse(published) + NEWS_WINDOW_MS)));
  });
  for (const segment of [...loaded.keys()].sort((a, b) => b - a)) {
    const entries = loaded.get(segment)!;
    for (let offset = entries.length - 1; offset >= 0; offset--) {
      if (!isServed(segment * segmentSize + offset)) continue;
      const entry = entries[offset]!;
      const published = Date.parse(entry.published);
      const leaves = published + NEWS_WINDOW_MS;
      if (leaves > now && published <= now && recent.length < MAX_NEWS_STORIES) {
        recent.push(entry);
        nextChange = Math.min(nextChange, leaves);
      } else if (leaves <= now) {
        lastExit = latest(lastExit, dateRfc3339(new Date(leaves)));
      }
    }
  }

  // Topics: the directory's counts, less the scheduled stories that carry them.
  const topics = new Map<string, Topic>();
  const scheduledByTopic = new Map<string, number[]>();
  for (const ordinal of scheduled) {
    const entry = loaded.get(segmentOf(ordinal))![ordinal % segmentSize]!;
    for (const slug of new Set((entry.tags ?? []).map(tagSlug))) {
      const list = scheduledByTopic.get(slug);
      if (list) list.push(ordinal);
      else scheduledByTopic.set(slug, [ordinal]);
    }
  }
  for (const topic of directory.topics) {
    const count =
      topic.stories + (showDrafts ? topic.drafts : 0) - (scheduledByTopic.get(topic.slug)?.length ?? 0);
    if (count > 0) topics.set(topic.slug, { name: topic.name, count });
  }
  const topicLists = new LruMap<Promise<TopicList>>(TOPIC_LIST_BYTES);
  const decoded = new LruMap<readonly number[]>(DECODED_BLOCK_BYTES);
  const topicList = (slug: string): Promise<TopicList> => {
    const cached = topicLists.get(slug);
    if (cached) return cached;
    const list = loadTopic(slug);
    list.then(
      // What the list holds: six numbers per full block, two per story of the tail.
      ({ length }) => {
        const full = Math.floor(length / segmentSize);
        topicLists.set(slug, list, (full * 6 + (length - full * segmentSize) * 2) * 8 + 128);
      },
      () => {},
    );
    return list;
  };
  const loadTopic = async (slug: string): Promise<TopicList> => {
    const shard = fnv1a(slug) % topicShards;
    const files = topics.has(slug) ? await reader.json<Record<string, TopicFile>>(topicShardPath(shard)) : {};
    const file = Object.hasOwn(files, slug) ? files[slug] : undefined;
    if (topics.has(slug) && !file)
      throw reader.reject(
        topicShardPath(shard),
        `topic file ${shard} lacks ${slug}, which the directory lists`,
      );
    return loadTopicList({
      reader,
      slug,
      file,
      filePath: topicShardPath(shard),
      tailPath: topicTailPath(shard),
      decoded,
      blockSize: segmentSize,
      pageSize,
      feedSize,
      showDrafts,
      isServed,
      scheduled: scheduledByTopic.get(slug) ?? [],
    });
  };

  const entries = (ordinals: readonly number[]): Promise<StoryIndexEntry[]> =>
    itemsAt(
      ordinals,
      segmentSize,
      (segment) => loaded.get(segment) ?? segmentEntries(segment),
      (segment, ordinal) =>
        reader.reject(segmentPath(segment), `index file ${segment} lacks story ${ordinal}`),
    );

  const segmentUpdated = (segment: number): string => {
    const dates = directory.segments[segment]!;
    return showDrafts ? latest(dates.updated, dates.draftUpdated) : dates.updated;
  };
  const newestUpdated = async (from: number, to: number): Promise<string> => {
    const first = Math.max(0, from);
    const last = Math.min(total - 1, to);
    let newest = EPOCH;
    for (let segment = segmentOf(first); first <= last && segment <= segmentOf(last); segment++) {
      const start = segment * segmentSize;
      const end = Math.min(start + segmentSize, total) - 1;
      if (first <= start && end <= last && !live.has(segment)) {
        newest = latest(newest, segmentUpdated(segment) || EPOCH);
        continue;
      }
      const list = loaded.get(segment) ?? (await segmentEntries(segment));
      for (let ordinal = Math.max(first, start); ordinal <= Math.min(last, end); ordinal++) {
        if (counted(ordinal)) newest = latest(newest, list[ordinal - start]!.updated);
      }
    }
    return newest;
  };

  return {
    total,
    served,
    archives,
    feedLength,
    nextChange,
    topics,
    recent,
    newsModified: latest(
      recent.reduce((newest, entry) => latest(newest, entry.updated), lastExit),
      directory.newestRetraction || EPOCH,
    ),
    newestRetraction: directory.newestRetraction || EPOCH,
    retractedNewest: (limit) => directory.retracted.slice(-limit).reverse(),
    isServed,
    excluded,
    servedIn: (first, last) => (first > last ? 0 : servedFrom(first) - servedFrom(last + 1)),
    ordinalAt,
    placeOf,
    entries,
    async find(id) {
      const shard = fnv1a(id) % idShards;
      if (directory.idFiles[lowerBound(directory.idFiles, shard)] !== shard) return null;
      const lookup = await reader.json<Record<string, number>>(idShardPath(shard));
      const ordinal = Object.hasOwn(lookup, id) ? lookup[id] : undefined;
      if (typeof ordinal !== "number") return null;
      if (!Number.isInteger(ordinal) || ordinal < 0 || ordinal >= total) {
        throw reader.reject(
          idShardPath(shard),
          `id file ${shard} puts ${id} at ${ordinal}, past the archive's end`,
        );
      }
      const [entry] = await entries([ordinal]);
      if (entry!.id !== id) {
        // Either file may be the stale one: both are read again by the next request (an index
        // file the served state holds, one of the newest, only once a scheduled instant makes a
        // new state, or in a new isolate).
        throw reader.reject(
          [idShardPath(shard), segmentPath(segmentOf(ordinal))],
          `index file ${segmentOf(ordinal)} holds ${entry!.id} where the id lookup puts ${id}`,
        );
      }
      if (retractedSet.has(ordinal)) return { ordinal, entry: entry!, served: false };
      return isServed(ordinal) ? { ordinal, entry: entry!, served: true } : null;
    },
    topicList,
    newestUpdated,
    modifiedThrough: (place) => newestUpdated(place < served ? ordinalAt(place) : 0, total - 1),
    archiveModified(page) {
      const through = page < archives ? page + 1 : page;
      return newestUpdated(0, Math.min(through * pageSize, total) - 1);
    },
    storyModified(place) {
      // Every story from the older to the newer neighbour (to the ends when there is none): an edit to
      // a neighbour, or a story retracted or published between, changes the links.
      const from = place < served - 1 ? ordinalAt(place + 1) : 0;
      const to = place > 0 ? ordinalAt(place - 1) : total - 1;
      return newestUpdated(from, to);
    },
  };
}
