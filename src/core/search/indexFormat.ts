// The search index's file format, read by the Worker and written by the build: terms are spread over
// shards by a hash, and each shard lists its terms with their postings as varints.
//
// Shard file (`_search/t/<n>.bin`), or a large term's own file (`_search/w/<hash>.bin`): entries of
//   varint termBytes, UTF-8 term, varint count, byte form, varint postingBytes, postings:
//   form 0 (SPARSE):     count x (varint docDelta, byte weight)
//   form 1 (DENSE):      a bitmap of docs 0 ... (bit d % 8 of byte d / 8), then count x byte weight
//   form 2 (COMPLEMENT): varint span, then the docs below span that do NOT have the term (varint
//                        deltas, the first from 0), then the weights as nibbles
// Docs are the archive's ordinals (0 = oldest), ascending; `weight` is the BM25 term-frequency part
// (headline words counted three times) over [0, k1 + 1], quantised to a byte (1-255), or to a
// nibble (1-15, two a byte, the first in the high half) in the complement form. The build writes
// the smallest form: a word in more than about one story in eight is dense (a bit a story, not a
// varint), one in nearly all of them lists the stories without it. Only such a word gets nibbles:
// its idf is so low (0.2 for a word in four stories of five) that it weighs little in a ranking,
// and a query of that word alone ranks stories nearly alike anyway (ties go to the newer).

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
 * `[text, id, slug, title, published]` and, when the story's summary is its own
 * (front matter) rather than the start of its text, that summary's head; so a
 * results page reads no other file. `text` is the start of the story's
 * paragraphs (joined by "\n"), up to LISTED_TEXT_LENGTH characters, cut at a
 * word and ended with "…" when cut: the source of the excerpt around the
 * matched words.
 */
export type Listing =
  | readonly [text: string, id: string, slug: string, title: string, published: string]
  | readonly [text: string, id: string, slug: string, title: string, published: string, summary: string];

/**
 * Path of the listings of docs `block * summaryBlock ...`: JSON lines (see
 * core/jsonLines.ts), a Listing a line, so a results page parses the ten
 * listings it shows, not the 256 of each file it reads (at a million stories,
 * ten files of about 90 KB: most of a rare word's query when they were arrays).
 */
export function summaryPath(block: number): string {
  return `/_search/s/${block}.jsonl`;
}

/**
 * Most summary files: a third of Workers' 20,000-file limit, for archives of
 * 102,400 to 200,000 stories and so on; at a million stories the blocks are
 * 256 and the files 3,907, a fifth.
 */
export const MAX_SUMMARY_FILES = 6400;

/**
 * Docs per summary file among `docs`: 16 (a page of ten results reads at most
 * ten files of about 6 KB), doubled as often as needed to stay within
 * MAX_SUMMARY_FILES (16 up to 102,400 docs, 256 at a million). It changes only
 * when the archive doubles past a bound, so adding a story rewrites one summary
 * file.
 */
export function summaryBlock(docs: number): number {
  let block = 16;
  while (Math.ceil(docs / block) > MAX_SUMMARY_FILES) block *= 2;
  return block;
}
/** Longest excerpt shown, and the longest own summary kept per doc, in characters (code points). */
export const SUMMARY_LENGTH = 160;

/**
 * Longest text kept per doc for excerpts, in characters (code points): the
 * start of a story, where its words most often are. The whole text would make
 * each summary file many times larger, and a results page reads one per result
 * shown: a cold query would read past its budget (README, "Search").
 */
export const LISTED_TEXT_LENGTH = 480;

/** A term's postings as read from a shard. */
export interface Postings {
  readonly docs: Uint32Array;
  readonly weights: Uint8Array;
}

/**
 * A term's list as a query reads it: its postings, or, for a word in nearly
 * every story (the complement form), the few docs below `span` without it and
 * its weights as nibbles, read in place: no array the size of the archive.
 */
export type TermList =
  | { readonly form: "listed"; readonly count: number; readonly postings: Postings }
  | {
      readonly form: "dense";
      readonly count: number;
      /** Bit d % 8 of byte d / 8 set for each doc d with the term (see the top of this file). */
      readonly bitmap: Uint8Array;
      /** The weights, the i-th doc with the term (ascending) at i. */
      readonly weights: Uint8Array;
    }
  | {
      readonly form: "complement";
      readonly count: number;
      readonly span: number;
      /** The docs below span without the term, ascending. */
      readonly absent: Uint32Array;
      /** The weights as nibbles (see the top of this file), the i-th doc with the term at nibble i. */
      readonly nibbles: Uint8Array;
    };

/** Weight i (on the bytes' scale) of nibbles written as the format says. */
export function nibbleWeight(nibbles: Uint8Array, i: number): number {
  const byte = nibbles[i >> 1]!;
  return ((i & 1) === 0 ? byte >> 4 : byte & 15) * 17;
}

/** How many bits each byte value has set. */
export const BITS_SET = Uint8Array.from({ length: 256 }, (_, byte) => {
  let bits = 0;
  for (let b = byte; b !== 0; b &= b - 1) bits++;
  return bits;
});

/** The postings of `list` (a dense or complement list written out in full). */
export function postingsOf(list: TermList): Postings {
  if (list.form === "listed") return list.postings;
  if (list.form === "dense") {
    const docs = new Uint32Array(list.count);
    decodeBitmap(list.bitmap, 0, list.bitmap.length, docs);
    return { docs, weights: list.weights };
  }
  const { count, span, absent, nibbles } = list;
  const docs = new Uint32Array(count);
  const weights = new Uint8Array(count);
  let i = 0;
  let skipped = 0;
  for (let doc = 0; doc < span; doc++) {
    if (skipped < absent.length && absent[skipped] === doc) skipped++;
    else {
      weights[i] = nibbleWeight(nibbles, i);
      docs[i++] = doc;
    }
  }
  return { docs, weights };
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Reads one varint at `at` of `bytes`: the value and the next offset. */
export function varint(bytes: Uint8Array, at: number): [number, number] {
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
export const POSTINGS_FORM = { SPARSE: 0, DENSE: 1, COMPLEMENT: 2 } as const;

/** A weight over [0, k1 + 1] quantised to 1-255 (the sparse form's byte). */
export function weightByte(weight: number): number {
  return Math.max(1, Math.min(255, Math.round((weight / (BM25.k1 + 1)) * 255)));
}

/** A weight over [0, k1 + 1] quantised to 1-15 (the nibble of the complement form). */
export function weightNibble(weight: number): number {
  return Math.max(1, Math.min(15, Math.round((weight / (BM25.k1 + 1)) * 15)));
}

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
  for (let at = 0; at < shard.length;) {
    const entry = entryAt(shard, at, (bytes) => decoder.decode(bytes));
    yield entry;
    at = entry.end;
  }
}

/** The entry of `shard` at `at`, its term named by `name` (given its UTF-8 bytes). */
function entryAt<T>(
  shard: Uint8Array,
  at: number,
  name: (bytes: Uint8Array) => T,
): Omit<ShardEntry, "term"> & { term: T } {
  let length: number;
  [length, at] = varint(shard, at);
  const term = name(shard.subarray(at, at + length));
  at += length;
  let count: number;
  let size: number;
  [count, at] = varint(shard, at);
  const form = shard[at++]!;
  [size, at] = varint(shard, at);
  return { term, count, form, start: at, end: at + size };
}

/** The postings of each of `terms` found in `shard` (terms it does not hold are absent). */
export function readPostings(shard: Uint8Array, terms: ReadonlySet<string>): Map<string, Postings> {
  const found = new Map<string, Postings>();
  for (const [term, list] of readTermLists(shard, terms)) found.set(term, postingsOf(list));
  return found;
}

/** The list of each of `terms` found in `shard` (terms it does not hold are absent). */
export function readTermLists(shard: Uint8Array, terms: ReadonlySet<string>): Map<string, TermList> {
  // The terms' UTF-8 bytes, compared with each entry's in place: a shard holds thousands of terms,
  // and decoding each name to compare it would cost more than the rest of a rare query.
  const wanted = [...terms].map((term) => ({ term, bytes: encoder.encode(term) }));
  const found = new Map<string, TermList>();
  for (let at = 0; at < shard.length && found.size < wanted.length;) {
    const entry = entryAt(shard, at, (name) => wanted.find(({ bytes }) => sameBytes(bytes, name))?.term);
    if (entry.term !== undefined && !found.has(entry.term)) {
      found.set(entry.term, termList(shard, { ...entry, term: entry.term }));
    }
    at = entry.end;
  }
  return found;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The list of `entry`, an entry of `shard`. (Each form in a small function: V8 optimises them.) */
function termList(shard: Uint8Array, { count, form, start, end }: ShardEntry): TermList {
  if (form === POSTINGS_FORM.COMPLEMENT) {
    const [span, at] = varint(shard, start);
    const nibbles = shard.subarray(end - Math.ceil(count / 2), end);
    return { form: "complement", count, span, absent: readAbsent(shard, at, span - count), nibbles };
  }
  if (form === POSTINGS_FORM.DENSE) {
    // Read in place: a query probes the bitmap (a word in a million stories: 125 KB, where its
    // docs decoded would be 4 bytes each).
    return {
      form: "dense",
      count,
      bitmap: shard.subarray(start, end - count),
      weights: shard.subarray(end - count, end),
    };
  }
  const docs = new Uint32Array(count);
  const weights = new Uint8Array(count);
  decodeSparse(shard, start, docs, weights);
  return { form: "listed", count, postings: { docs, weights } };
}

function decodeSparse(shard: Uint8Array, start: number, docs: Uint32Array, weights: Uint8Array): void {
  let p = start;
  let doc = 0;
  for (let i = 0; i < docs.length; i++) {
    let delta: number;
    [delta, p] = varint(shard, p);
    doc += delta;
    docs[i] = doc;
    weights[i] = shard[p++]!;
  }
}

/** The docs of the bitmap in shard[start, end). */
function decodeBitmap(shard: Uint8Array, start: number, end: number, docs: Uint32Array): void {
  let i = 0;
  for (let at = start; at < end; at++) {
    let byte = shard[at]!;
    const base = (at - start) * 8;
    while (byte !== 0) {
      const bit = 31 - Math.clz32(byte & -byte); // the lowest bit set
      docs[i++] = base + bit;
      byte &= byte - 1;
    }
  }
}

/** The `count` absent docs of a complement list, delta-encoded from `at`. */
function readAbsent(shard: Uint8Array, at: number, count: number): Uint32Array {
  const absent = new Uint32Array(count);
  let p = at;
  let doc = 0;
  for (let i = 0; i < count; i++) {
    let delta: number;
    [delta, p] = varint(shard, p);
    doc += delta;
    absent[i] = doc;
  }
  return absent;
}
