// How the archive lies in the static assets, written by the build and read by the Worker. Nothing of
// it is in the script but the manifest (a few numbers), so the script, the isolate's startup and
// the cost of a request do not grow with the archive.
//
// Stories are numbered by their ordinal, oldest first (0 = the oldest), so a story's files never
// change when newer stories arrive:
//   _chunks/<c>.jsonl    full stories, ordinals c*chunkSize ... (oldest first), a line each after
//                        a line of their byte offsets (see jsonLines.ts: a reader parses only the
//                        stories it wants); a story longer than STORY_FILE_BYTES is a stub there,
//                        `{"id", "file": true}`, and
//   _stories/<o>.json    is the file of its own that such a story (ordinal o) has
//   _index/<s>.json      index entries, ordinals s*segmentSize ... (JSON array, oldest first)
//   _lists/<s>.json      the summaries (or null, for one too long) of index file s's stories, for
//                        home pages
//   _index/directory.json  what a request needs of the whole archive, O(segments + drafts + retractions)
//   _ids/<h>.json        story id -> ordinal, for the ids hashing to h
//   _topics/<h>.json     topic slug -> TopicFile, for slugs hashing to h: four numbers per block
//                        of its stories (the first's ordinal, a checksum of its ordinals, how many
//                        are neither draft nor retracted, how many drafts) and the ordinals of its
//                        stories past its last full block, so a request places any of its stories
//                        without reading a list as long as the topic
//   _topics/t/<h>.json   topic slug -> the index entries (with summaries) of its stories past its
//                        last full block, for slugs hashing to h: what its newest page needs
//   _topics/b/<key>-<k>.jsonl  the ordinals, then the index entries (with summaries), of a topic's
//                        stories k*segmentSize ... (oldest first), as JSON lines (TopicBlockLine),
//                        for each full block of segmentSize: a topic page or archive page reads a
//                        block or two, not a chunk per story, and parses only the lines it shows

import type { ListedEntry } from "./types";

/**
 * The archive files' format: bumped whenever what any of them holds, or how,
 * changes, so the version of a build (and the check that the assets come from
 * the script's build) changes with it even when the stories do not.
 */
export const ARCHIVE_FORMAT = 6;

/** Sizes of the archive's files. */
export interface Layout {
  /** Stories per RFC 5005 archive page. Changing it reshuffles every archive page. */
  readonly pageSize: number;
  /** Stories per chunk file (a multiple of pageSize). */
  readonly chunkSize: number;
  /** Index entries per index file, and URLs per sitemap (a multiple of pageSize, at most 50,000). */
  readonly segmentSize: number;
  /** How many files the id lookup is spread over. */
  readonly idShards: number;
  /** How many files the topics' story lists are spread over. */
  readonly topicShards: number;
}

/**
 * The production layout. At 1,000,000 stories: 5,000 chunks, 1,000 index files
 * and 1,000 list files, 512 id files, at most 256 topic files and 256 topic
 * tail files, and one topic block per 1,000 tagged stories (1,500 at 1.5 tags a
 * story), 9,525 files with the directory: under half of Workers' 20,000-file
 * limit, leaving the rest to the search index and photos.
 */
export const LAYOUT: Layout = {
  pageSize: 50,
  chunkSize: 200,
  segmentSize: 1000,
  idShards: 512,
  topicShards: 256,
};

/** What the script carries of the content: a few numbers. */
export interface ArchiveManifest {
  /**
   * A digest of the archive files: changes whenever any story does, so
   * `wrangler dev` reloads the Worker (and its caches) after an edit, and the
   * directory read from the assets can be checked to come from the same build.
   */
  readonly version: string;
  /** Stories in the build, hidden and retracted ones included. */
  readonly total: number;
  readonly layout: Layout;
  /** The search index: how many term shards, docs, and terms with a file of their own. */
  readonly search: { readonly shards: number; readonly docs: number; readonly large: readonly string[] };
}

/** Per index file: the newest dates of its stories, by kind ("" when it has none of that kind). */
export interface SegmentDates {
  /** Newest `published` of its stories neither draft nor retracted. */
  readonly published: string;
  /** Newest `published` of its drafts (not retracted). */
  readonly draftPublished: string;
  /** Newest `updated` of its stories that are not drafts, or are retracted. */
  readonly updated: string;
  /** Newest `updated` of its drafts (not retracted). */
  readonly draftUpdated: string;
}

/** A topic as the directory lists it. */
export interface TopicSummary {
  readonly slug: string;
  /** As the newest story (not draft, not retracted, else a draft) spells it. */
  readonly name: string;
  /** Its stories neither draft nor retracted. */
  readonly stories: number;
  /** Its drafts (not retracted). */
  readonly drafts: number;
}

/** `_index/directory.json`: what a request needs of the whole archive, without reading it. */
export interface Directory {
  /** The build's `ArchiveManifest.version`. */
  readonly version: string;
  readonly total: number;
  /** Ordinals of the drafts that are not retracted, ascending. */
  readonly drafts: readonly number[];
  /** Ordinals of the retracted stories, ascending. */
  readonly retracted: readonly number[];
  /** The newest `updated` of a retracted story (when the last retraction was made), or "". */
  readonly newestRetraction: string;
  /** The id files that exist (ascending): ids hash to no other. */
  readonly idFiles: readonly number[];
  /** One per index file. */
  readonly segments: readonly SegmentDates[];
  /** Every topic with a story that is not retracted, by slug (its story list has the retracted ones too). */
  readonly topics: readonly TopicSummary[];
}

/**
 * A topic as its topic file holds it. Its list is every story that has (had)
 * the tag, drafts and retracted ones too, by ordinal, ascending: full blocks
 * of segmentSize (each in a block file, see TopicBlockLine), then a tail of fewer.
 */
export interface TopicFile {
  /** Names the topic's block files (a digest of its slug). */
  readonly key: string;
  /** The ordinal of each full block's first story, delta-encoded. */
  readonly firsts: readonly number[];
  /** Per full block: ordinalsSum of its ordinals (a block file from another build is told by it). */
  readonly sums: readonly number[];
  /** Per full block: its stories neither draft nor retracted. */
  readonly stories: readonly number[];
  /** Per full block: its drafts (not retracted). */
  readonly drafts: readonly number[];
  /** The ordinals of the stories past the last full block, ascending, delta-encoded. */
  readonly tail: readonly number[];
}

/**
 * The lines of `_topics/b/<key>-<k>.jsonl` (JSON lines, see jsonLines.ts), a
 * full block of a topic's list: line 0 its stories' ordinals, ascending,
 * delta-encoded; line 1 + i the index entry (with summary) of its story i.
 */
export type TopicBlockLine = readonly number[] | ListedEntry;

/** A topic tail file: slug -> the index entries of its stories past its last full block, oldest first. */
export type TopicTails = Record<string, readonly ListedEntry[]>;

/**
 * A story whose JSON is longer than this (in UTF-8 bytes) gets a file of its
 * own, so a chunk stays under 200 x 64 KiB (12.5 MiB, held as bytes in the
 * isolate) and far under the 25 MiB a static asset may weigh, whatever the seeds.
 */
export const STORY_FILE_BYTES = 64 * 1024;

/** What a chunk holds in place of a story with a file of its own. */
export interface StoryStub {
  readonly id: string;
  readonly file: true;
}

export const DIRECTORY_PATH = "/_index/directory.json";

export function chunkPath(chunk: number): string {
  return `/_chunks/${chunk}.jsonl`;
}

export function storyFilePath(ordinal: number): string {
  return `/_stories/${ordinal}.json`;
}

export function segmentPath(segment: number): string {
  return `/_index/${segment}.json`;
}

export function listPath(segment: number): string {
  return `/_lists/${segment}.json`;
}

export function idShardPath(shard: number): string {
  return `/_ids/${shard}.json`;
}

export function topicShardPath(shard: number): string {
  return `/_topics/${shard}.json`;
}

/** The tails of the topics whose slugs hash to `shard` (see TopicTails). */
export function topicTailPath(shard: number): string {
  return `/_topics/t/${shard}.json`;
}

/** Block `block` of the topic whose TopicFile has `key`: its stories block*segmentSize ... (see TopicBlockLine). */
export function topicBlockPath(key: string, block: number): string {
  return `/_topics/b/${key}-${block}.jsonl`;
}

/** FNV-1a over the UTF-16 units of `text`, as an unsigned 32-bit number. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** A checksum of a list of ordinals (FNV-1a over the numbers), unsigned 32-bit. */
export function ordinalsSum(ordinals: readonly number[]): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < ordinals.length; i++) hash = Math.imul(hash ^ ordinals[i]!, 0x01000193);
  return hash >>> 0;
}

/** Deltas of ascending numbers (the first from 0): short JSON for long lists. */
export function deltaEncode(ascending: readonly number[]): number[] {
  return ascending.map((n, i) => (i === 0 ? n : n - ascending[i - 1]!));
}

export function deltaDecode(deltas: readonly number[]): number[] {
  const out: number[] = new Array(deltas.length);
  let n = 0;
  for (let i = 0; i < deltas.length; i++) out[i] = n += deltas[i]!;
  return out;
}
