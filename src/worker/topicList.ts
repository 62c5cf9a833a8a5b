// A topic's stories at one instant, from its topic file (four numbers per block of 1,000 of its
// stories, and the ordinals of the newest few) and the block files a request needs: a cold request
// decodes four numbers per thousand stories of the topic, not a list of them all, and parses only
// the lines of a block it shows. Files that disagree with each other (a deploy half done) answer 503.

import {
  deltaDecode,
  ordinalsSum,
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
import type { LruMap } from "./lruMap";
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
  /** Its entry in its topic file (unchecked); none for a topic no story has. */
  readonly file: TopicFile | undefined;
  /** The topic file's path (read again when its entry proves unsound). */
  readonly filePath: string;
  /** The file holding its tail's index entries (TopicTails). */
  readonly tailPath: string;
  /** Decoded block ordinals, shared by the topics (keyed by slug and block). */
  readonly decoded: LruMap<readonly number[]>;
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

/** Ascending ordinals: the served ones, newest first. */
const servedNewestFirst = (ordinals: readonly number[], isServed: (ordinal: number) => boolean): number[] => {
  const out: number[] = [];
  for (let i = ordinals.length - 1; i >= 0; i--) if (isServed(ordinals[i]!)) out.push(ordinals[i]!);
  return out;
};

/** Whether `value` is a list of non-negative integers. */
const naturals = (value: unknown): value is number[] =>
  Array.isArray(value) && value.every((n) => Number.isInteger(n) && n >= 0);

/** Whether a topic file's entry has the shape the build writes. */
function soundTopicFile(file: TopicFile): boolean {
  const blocks = naturals(file.firsts) ? file.firsts.length : -1;
  return (
    typeof file.key === "string" &&
    naturals(file.tail) &&
    [file.sums, file.stories, file.drafts].every((list) => naturals(list) && list.length === blocks)
  );
}

/** The topic's list at this instant; reads at most the block holding its first scheduled story. */
export async function loadTopicList(source: TopicSource): Promise<TopicList> {
  const { reader, slug, file, blockSize, pageSize, isServed, scheduled, decoded } = source;
  if (file && !soundTopicFile(file))
    throw reader.reject(source.filePath, `topic file ${source.filePath} holds an unsound entry for ${slug}`);
  const firsts = file ? deltaDecode(file.firsts) : [];
  const tail = file ? deltaDecode(file.tail) : [];
  /** Full blocks; the tail is block `full`. */
  const full = firsts.length;
  const length = full * blockSize + tail.length;

  const blockPath = (block: number): string => topicBlockPath(file!.key, block);
  /** Block `block`'s file, checked to be the one the topic file describes; its ordinals decoded. */
  const blockFile = async (
    block: number,
  ): Promise<{ lines: JsonLines<TopicBlockLine>; ordinals: number[] }> => {
    const lines = await reader.lines<TopicBlockLine>(blockPath(block));
    let ordinals: number[] = [];
    try {
      const first = lines.at(0);
      if (naturals(first)) ordinals = deltaDecode(first);
    } catch {
      // not JSON: unsound, below
    }
    if (
      lines.count !== blockSize + 1 ||
      ordinals.length !== blockSize ||
      ordinals[0] !== firsts[block] ||
      ordinalsSum(ordinals) !== file!.sums[block]
    )
      throw reader.reject(blockPath(block), `topic ${slug}'s block ${block} disagrees with its topic file`);
    return { lines, ordinals };
  };
  /** The ordinals of block `block` (the tail's for `full`), ascending. */
  const ordinalsOf = async (block: number): Promise<readonly number[]> => {
    if (block === full) return tail;
    const key = `${slug}:${block}`;
    const known = decoded.get(key);
    if (known) return known;
    const { ordinals } = await blockFile(block);
    decoded.set(key, ordinals, ordinals.length * 8);
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
      const blocks = new Map<number, { path: string; at: (offset: number) => unknown }>();
      await Promise.all(
        [...new Set(places.filter((place) => place >= 0).map((place) => Math.floor(place / blockSize)))].map(
          async (block) => {
            if (block < full) {
              const { lines } = await blockFile(block);
              blocks.set(block, { path: blockPath(block), at: (offset) => lines.at(offset + 1) });
              return;
            }
            const tails = await reader.json<TopicTails>(source.tailPath);
            const entries = Object.hasOwn(tails, slug) ? tails[slug] : undefined;
            if (!Array.isArray(entries) || entries.length !== tail.length)
              throw reader.reject(source.tailPath, `topic ${slug}'s tail disagrees with its topic file`);
            blocks.set(block, { path: source.tailPath, at: (offset) => entries[offset] });
          },
        ),
      );
      return places.map((place, i) => {
        if (place < 0) throw new ContentUnavailable(`topic ${slug}'s list lacks story ${ordinals[i]}`);
        const { path, at } = blocks.get(Math.floor(place / blockSize))!;
        let entry: unknown;
        try {
          entry = at(place % blockSize);
        } catch {
          // not JSON: unsound, below
        }
        if (!entry || Array.isArray(entry) || typeof entry !== "object")
          throw reader.reject(path, `topic ${slug}'s file ${path} lacks the entry of story ${ordinals[i]}`);
        return entry as ListedEntry;
      });
    },
  };
}
