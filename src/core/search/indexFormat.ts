// The search index's file format, read by the Worker and written by the build: terms are spread over
// shards by a hash, and each shard lists its terms with their postings as varints.
//
// Shard file (`_search/t/<n>.bin`), or a large term's own file (`_search/w/<hash>.bin`): entries of
//   varint termBytes, UTF-8 term, varint count, byte form, varint postingBytes, postings:
//   form 0 (SPARSE): count x (varint docDelta, byte weight)
//   form 1 (DENSE):  a bitmap of docs 0 ... (bit d % 8 of byte d / 8), then count x byte weight
// Docs are the archive's ordinals (0 = oldest), ascending; `weight` is the BM25 term-frequency part
// (headline words counted three times), quantised to 0-255 over [0, k1 + 1]. The build writes the
// smaller form: a word in more than about one story in eight is dense (a bit a story, not a byte).

/** BM25's parameters. */
export const BM25 = { k1: 1.2, b: 0.75 } as const;
/** A headline word counts as this many body words. */
export const HEADLINE_WEIGHT = 3;

/** Which shard holds `term` among `shards`: FNV-1a over its UTF-16 units. */
export function shardOf(term: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) {
    hash ^= term.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}

/** Path of shard `n` among the static assets. */
export function shardPath(n: number): string {
  return `/_search/t/${n}.bin`;
}

/**
 * Path of the file of its own that a term too large for a shard gets (a word in
 * a large share of the stories), named by its hash so the name never changes:
 * a rare word's shard is never weighed down by a common word's postings.
 */
export function termPath(term: string): string {
  return `/_search/w/${shardOf(term, 0x100000000).toString(16).padStart(8, "0")}.bin`;
}

/**
 * A doc's line in a results list, as a summary file holds it (JSON array):
 * `[summary, id, slug, title, published]`, so a results page reads no other file.
 */
export type Listing = readonly [summary: string, id: string, slug: string, title: string, published: string];

/** Path of the listings of docs `block * summaryBlock ...` (JSON: an array of Listing). */
export function summaryPath(block: number): string {
  return `/_search/s/${block}.json`;
}

/** Most summary files: at a million stories, a fifth of Workers' 20,000-file limit. */
export const MAX_SUMMARY_FILES = 4096;

/**
 * Docs per summary file among `docs`: 32 (a page of ten results reads at most
 * ten files of about 5 KB), doubled as often as needed to stay within
 * MAX_SUMMARY_FILES (256 at a million docs). It changes only when the archive
 * doubles past a bound, so adding a story rewrites one summary file.
 */
export function summaryBlock(docs: number): number {
  let block = 32;
  while (Math.ceil(docs / block) > MAX_SUMMARY_FILES) block *= 2;
  return block;
}
/** Longest excerpt source kept per doc, in characters. */
export const SUMMARY_LENGTH = 160;

/** A term's postings as read from a shard. */
export interface Postings {
  readonly docs: Uint32Array;
  readonly weights: Uint8Array;
}

const decoder = new TextDecoder();

/** Reads one varint at `at` of `bytes`: the value and the next offset. */
function varint(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++]!;
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, at];
    shift += 7;
  }
}

/** How an entry's postings are written. */
export const POSTINGS_FORM = { SPARSE: 0, DENSE: 1 } as const;

/** One entry of a shard as laid out: its term, how many docs it lists, and where its postings are. */
export interface ShardEntry {
  readonly term: string;
  readonly count: number;
  /** A POSTINGS_FORM. */
  readonly form: number;
  /** Offsets of its postings in the shard: [start, end). */
  readonly start: number;
  readonly end: number;
}

/** The entries of `shard`, in file order, without decoding their postings. */
export function* shardEntries(shard: Uint8Array): Generator<ShardEntry> {
  let at = 0;
  while (at < shard.length) {
    let length: number;
    [length, at] = varint(shard, at);
    const term = decoder.decode(shard.subarray(at, at + length));
    at += length;
    let count: number;
    let size: number;
    [count, at] = varint(shard, at);
    const form = shard[at++]!;
    [size, at] = varint(shard, at);
    yield { term, count, form, start: at, end: at + size };
    at += size;
  }
}

/** The postings of each of `terms` found in `shard` (terms it does not hold are absent). */
export function readPostings(shard: Uint8Array, terms: ReadonlySet<string>): Map<string, Postings> {
  const found = new Map<string, Postings>();
  for (const { term, count, form, start, end } of shardEntries(shard)) {
    if (!terms.has(term)) continue;
    const docs = new Uint32Array(count);
    const weights = new Uint8Array(count);
    if (form === POSTINGS_FORM.DENSE) {
      const bitmapEnd = end - count;
      weights.set(shard.subarray(bitmapEnd, end));
      let i = 0;
      for (let at = start; at < bitmapEnd; at++) {
        let byte = shard[at]!;
        const base = (at - start) * 8;
        while (byte !== 0) {
          const bit = 31 - Math.clz32(byte & -byte); // the lowest bit set
          docs[i++] = base + bit;
          byte &= byte - 1;
        }
      }
    } else {
      let p = start;
      let doc = 0;
      for (let i = 0; i < count; i++) {
        let delta: number;
        [delta, p] = varint(shard, p);
        doc += delta;
        docs[i] = doc;
        weights[i] = shard[p++]!;
      }
    }
    found.set(term, { docs, weights });
    if (found.size === terms.size) break;
  }
  return found;
}
