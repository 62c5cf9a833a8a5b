// A topic's stories at one instant, from its topic file (a few numbers per block of its stories and
// the ordinals of its newest few) and the block files a request needs: a cold request reads and
// decodes about the same bytes whether the topic has a hundred stories or a million.

import {
  deltaDecode,
  topicBlockPath,
  type TopicBlockLine,
  type TopicFile,
  type TopicTails,
} from "../core/archiveLayout";
import { lowerBound } from "../core/lowerBound";
import type { JsonLines } from "../core/jsonLines";
import type { ListedEntry } from "../core/types";
import type { ArchiveReader } from "./archiveReader";
import { ContentUnavailable } from "./contentUnavailable";
import { LruMap } from "./lruMap";
import { archivePages, feedLength } from "./paging";

/**
 * A topic's stories at one instant. Its list is every story that has or had
 * the tag (drafts, scheduled and retracted ones too), oldest first: its archive
 * pages are cut from it, so a retraction or publication leaves them in place.
 */
export interface TopicList {
  /** How many stories the list has. */
  readonly length: number;
  /** How many of them are served. */
  readonly served: number;
  /** Its archive pages: full pages of the list, from the oldest, holding no story still scheduled. */
  readonly archives: number;
  /** Stories in its feeds: at least every served story no archive page holds. */
  readonly feedLength: number;
  /** Ordinals of its served stories at places `start` to `end` - 1 (0 = newest), newest first; fewer past the end. */
  servedAt(start: number, end: number): Promise<number[]>;
  /** Ordinals of the list's stories at `start` to `end` - 1 (0 = oldest), oldest first; fewer past the end. */
  storiesAt(start: number, end: number): Promise<number[]>;
  /** The index entries of these stories of the list (by ordinal), in the order given. */
  entries(ordinals: readonly number[]): Promise<ListedEntry[]>;
}

/** Where a topic's list is and what is served at this instant. */
export interface TopicSource {
  readonly reader: ArchiveReader;
  readonly slug: string;
  /** Its topic file; none for a topic no story has. */
  readonly file: TopicFile | undefined;
  /** The file holding its tail's index entries (TopicTails). */
  readonly tailPath: string;
  /** Stories per full block (the layout's segmentSize, a multiple of pageSize). */
  readonly blockSize: number;
  readonly pageSize: number;
  readonly feedSize: number;
  /** Whether drafts are served (preview). */
  readonly showDrafts: boolean;
  readonly isServed: (ordinal: number) => boolean;
  /** Its stories not served until they are due, ascending. */
  readonly scheduled: readonly number[];
}

/** Bytes of block ordinals a topic list keeps decoded: a few blocks' worth. */
export const DECODED_BYTES = 64 * 1024;

/** Ascending ordinals: the served ones, newest first. */
const servedNewestFirst = (ordinals: readonly number[], isServed: (ordinal: number) => boolean): number[] => {
  const out: number[] = [];
  for (let i = ordinals.length - 1; i >= 0; i--) if (isServed(ordinals[i]!)) out.push(ordinals[i]!);
  return out;
};

/** The topic's list at this instant; reads at most the block holding its first scheduled story. */
export async function loadTopicList(source: TopicSource): Promise<TopicList> {
  const { reader, slug, file, blockSize, pageSize, isServed, scheduled } = source;
  const firsts = file ? deltaDecode(file.firsts) : [];
  const tail = file ? deltaDecode(file.tail) : [];
  /** Full blocks; the tail is block `full`. */
  const full = firsts.length;
  const length = full * blockSize + tail.length;

  /** The ordinals of the blocks read last, decoded (a page asks for those of each of its stories). */
  const decoded = new LruMap<readonly number[]>(DECODED_BYTES);
  const blockFile = (block: number): Promise<JsonLines<TopicBlockLine>> =>
    reader.lines<TopicBlockLine>(topicBlockPath(file!.key, block));
  /** The ordinals of block `block` (the tail's for `full`), ascending. */
  const ordinalsOf = async (block: number): Promise<readonly number[]> => {
    if (block === full) return tail;
    const known = decoded.get(String(block));
    if (known) return known;
    const lines = await blockFile(block);
    const first = lines.at(0);
    const ordinals = Array.isArray(first) ? deltaDecode(first) : [];
    if (lines.count !== blockSize + 1 || ordinals.length !== blockSize || ordinals[0] !== firsts[block]) {
      // A deploy mixing two builds: read it again next time.
      reader.forget(topicBlockPath(file!.key, block));
      const message = `topic ${slug}'s block ${block} disagrees with its topic file`;
      console.error(message);
      throw new ContentUnavailable(message);
    }
    decoded.set(String(block), ordinals, ordinals.length * 8);
    return ordinals;
  };
  /** The block whose ordinals span `ordinal` (-1 before the first). */
  const blockOf = (ordinal: number): number =>
    tail.length > 0 && ordinal >= tail[0]! ? full : lowerBound(firsts, ordinal + 1) - 1;
  /** The index in the list of the story with this ordinal; -1 when the list lacks it. */
  const indexOf = async (ordinal: number): Promise<number> => {
    const block = blockOf(ordinal);
    if (block < 0) return -1;
    const ordinals = await ordinalsOf(block);
    const at = lowerBound(ordinals, ordinal);
    return ordinals[at] === ordinal ? block * blockSize + at : -1;
  };

  // Served stories per block: the build's counts, less the scheduled ones (the tail's counted from its ordinals).
  const counts: number[] = firsts.map(
    (_, block) => file!.stories[block]! + (source.showDrafts ? file!.drafts[block]! : 0),
  );
  for (const ordinal of scheduled) {
    const block = blockOf(ordinal);
    if (block >= 0 && block < full) counts[block]!--;
  }
  counts.push(tail.reduce((n, ordinal) => n + (isServed(ordinal) ? 1 : 0), 0));
  /** `from[block]`: served stories in that block and every newer one. */
  const from: number[] = new Array(full + 2).fill(0);
  for (let block = full; block >= 0; block--) from[block] = from[block + 1]! + counts[block]!;
  const served = from[0]!;
  /** The block holding the served story at `place` (0 = newest; `place` < served): the last with more from it on. */
  const blockAt = (place: number): number => {
    let lo = 0;
    let hi = full;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (from[mid]! > place) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  const firstScheduled = scheduled.length > 0 ? await indexOf(scheduled[0]!) : -1;
  const archives = archivePages(length, firstScheduled, pageSize);
  // Served stories no archive page holds: those of the block where the archive pages end, from
  // there on, and of every newer block.
  const end = archives * pageSize;
  const endBlock = Math.floor(end / blockSize);
  const unarchived =
    endBlock > full
      ? 0
      : from[endBlock + 1]! +
        (await ordinalsOf(endBlock)).slice(end - endBlock * blockSize).filter(isServed).length;

  return {
    length,
    served,
    archives,
    feedLength: feedLength(served, source.feedSize, unarchived),
    async servedAt(start, stop) {
      const last = Math.min(stop, served) - 1;
      if (start > last) return [];
      const blocks: number[] = [];
      for (let block = blockAt(start); block >= blockAt(last); block--)
        if (counts[block]! > 0) blocks.push(block);
      const lists = await Promise.all(
        blocks.map(async (block) => servedNewestFirst(await ordinalsOf(block), isServed)),
      );
      const out: number[] = [];
      blocks.forEach((block, i) => {
        const newer = from[block + 1]!;
        out.push(...lists[i]!.slice(Math.max(0, start - newer), last + 1 - newer));
      });
      return out;
    },
    async storiesAt(start, stop) {
      const last = Math.min(stop, length) - 1;
      if (start > last) return [];
      const blocks: number[] = [];
      for (let block = Math.floor(start / blockSize); block <= Math.floor(last / blockSize); block++)
        blocks.push(block);
      const lists = await Promise.all(blocks.map(ordinalsOf));
      const out: number[] = [];
      blocks.forEach((block, i) => {
        const base = block * blockSize;
        out.push(...lists[i]!.slice(Math.max(0, start - base), last + 1 - base));
      });
      return out;
    },
    async entries(ordinals) {
      const places = await Promise.all(ordinals.map(indexOf));
      /** Each block's entry at an offset: line 1 + offset of its file; the tail's in the tail file. */
      const blocks = new Map<number, (offset: number) => unknown>();
      await Promise.all(
        [...new Set(places.filter((place) => place >= 0).map((place) => Math.floor(place / blockSize)))].map(
          async (block) => {
            if (block < full) {
              const lines = await blockFile(block);
              blocks.set(block, (offset) => lines.at(offset + 1));
            } else {
              const tails = await reader.json<TopicTails>(source.tailPath);
              const entries = Object.hasOwn(tails, slug) ? tails[slug]! : [];
              blocks.set(block, (offset) => entries[offset]);
            }
          },
        ),
      );
      return places.map((place, i) => {
        const entry = place < 0 ? undefined : blocks.get(Math.floor(place / blockSize))?.(place % blockSize);
        if (!entry || Array.isArray(entry) || typeof entry !== "object")
          throw new ContentUnavailable(`topic ${slug}'s files lack story ${ordinals[i]}`);
        return entry as ListedEntry;
      });
    },
  };
}
