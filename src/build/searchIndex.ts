// Builds the search index the Worker reads from static assets: postings spread over hashed shards,
// and the stories' summaries in small blocks for result excerpts. Docs are numbered oldest first
// (like chunks), so new stories do not renumber old ones.

import {
  BM25,
  HEADLINE_WEIGHT,
  POSTINGS_FORM,
  shardOf,
  shardPath,
  summaryBlock,
  type Listing,
  LISTED_TEXT_LENGTH,
  SUMMARY_LENGTH,
  summaryPath,
  termPath,
  weightByte,
  weightNibble,
} from "../core/search/indexFormat";
import { isSeparator, searchTerms } from "../core/search/searchTerms";
import { joinJsonLines } from "../core/jsonLines";
import { codePointsEnd } from "../core/codePointsEnd";
import { utf8Bytes } from "./utf8Bytes";
import type { IndexedStory } from "../core/indexEntry";
import type { Story } from "../core/types";

/** Postings bytes aimed at per shard: a query reads one shard per word. */
const SHARD_TARGET_BYTES = 48 * 1024;

/** The index's files (asset path -> bytes or text) and the manifest the Worker bundles. */
export interface SearchIndex {
  readonly files: Map<string, Uint8Array | string>;
  readonly manifest: { readonly shards: number; readonly docs: number; readonly large: readonly string[] };
}

/**
 * The tokenizer of the index: searchTerms() as numbers (each distinct term
 * gets one, in order of appearance), with each distinct piece of text between
 * separators (a word, mostly; see isSeparator) normalised and stemmed once: a
 * corpus repeats a small vocabulary, so this is most of the index's build time
 * saved (the build of 100,000 stories takes three times the CPU without it).
 */
export interface TermIds {
  /** Appends the ids of searchTerms(text) to `out`, in order. */
  readonly ids: (text: string, out: number[]) => void;
  /** The terms, by id. */
  readonly terms: readonly string[];
}

export function memoizedTermIds(): TermIds {
  const byTerm = new Map<string, number>();
  const terms: string[] = [];
  const idOf = (term: string): number => {
    let id = byTerm.get(term);
    if (id === undefined) {
      id = terms.push(term) - 1;
      byTerm.set(term, id);
    }
    return id;
  };
  // The pieces met, in an open-addressing table keyed by a hash of their code units: a piece of a
  // text is looked up where it lies, without cutting a string out of the text (tens of millions of
  // short strings for 100,000 stories, and most of the tokenizer's time when it did).
  let capacity = 1 << 12;
  let pieces: (string | undefined)[] = new Array(capacity);
  let hashes = new Int32Array(capacity);
  let values: (readonly number[])[] = new Array(capacity);
  let size = 0;
  const slotOf = (hash: number, text: string, start: number, end: number): number => {
    let slot = hash & (capacity - 1);
    for (;;) {
      const key = pieces[slot];
      if (key === undefined) return slot;
      if (hashes[slot] === hash && key.length === end - start) {
        let i = 0;
        while (i < key.length && key.charCodeAt(i) === text.charCodeAt(start + i)) i++;
        if (i === key.length) return slot;
      }
      slot = (slot + 1) & (capacity - 1);
    }
  };
  const grow = (): void => {
    const old = { pieces, hashes, values };
    capacity *= 2;
    pieces = new Array(capacity);
    hashes = new Int32Array(capacity);
    values = new Array(capacity);
    for (let i = 0; i < old.pieces.length; i++) {
      const key = old.pieces[i];
      if (key === undefined) continue;
      const slot = slotOf(old.hashes[i]!, key, 0, key.length);
      pieces[slot] = key;
      hashes[slot] = old.hashes[i]!;
      values[slot] = old.values[i]!;
    }
  };
  const lookup = (text: string, start: number, end: number, hash: number): readonly number[] => {
    const slot = slotOf(hash, text, start, end);
    const found = pieces[slot];
    if (found !== undefined) return values[slot]!;
    const piece = text.slice(start, end);
    const ids = searchTerms(piece).map(idOf);
    pieces[slot] = piece;
    hashes[slot] = hash;
    values[slot] = ids;
    if (++size * 2 > capacity) grow();
    return ids;
  };
  return {
    terms,
    ids(text, out) {
      const end = text.length;
      let i = 0;
      while (i < end) {
        let code = text.charCodeAt(i);
        if (isSeparator(code)) {
          i++;
          continue;
        }
        // A piece: up to the next separator, hashed (FNV-1a over its code units) as it is read.
        const start = i;
        let hash = 0x811c9dc5;
        do {
          hash = Math.imul(hash ^ code, 0x01000193);
          if (++i === end) break;
          code = text.charCodeAt(i);
        } while (!isSeparator(code));
        const ids = lookup(text, start, i, hash);
        for (let k = 0; k < ids.length; k++) out.push(ids[k]!);
      }
    },
  };
}

/** searchTerms() through memoizedTermIds (what the index sees of a text, as strings). */
export function memoizedSearchTerms(): (text: string) => string[] {
  const { ids, terms } = memoizedTermIds();
  return (text) => {
    const out: number[] = [];
    ids(text, out);
    return out.map((id) => terms[id]!);
  };
}

/**
 * A growable list of a term's postings as they come, docs ascending: (doc
 * minus the previous doc, term frequency) pairs as varints, about 2.5 bytes a
 * posting where two 32-bit numbers took 8 (at a million stories, 35 million
 * postings: 280 MB of the build's memory).
 */
interface PostingList {
  readonly bytes: Bytes;
  count: number;
  last: number;
}

/** Scratch arrays for a term's docs, term frequencies, weights and weight bytes, grown as needed. */
class PostingScratch {
  docs = new Uint32Array(1024);
  frequencies = new Uint32Array(1024);
  raw = new Float64Array(1024);
  weights = new Uint8Array(1024);

  /** Decodes `list` into `docs` and `frequencies` (its first `list.count` entries). */
  decode(list: PostingList): void {
    if (list.count > this.docs.length) {
      const size = Math.max(list.count, 2 * this.docs.length);
      this.docs = new Uint32Array(size);
      this.frequencies = new Uint32Array(size);
      this.raw = new Float64Array(size);
      this.weights = new Uint8Array(size);
    }
    const { docs, frequencies } = this;
    const bytes = list.bytes.buffer;
    let at = 0;
    let doc = 0;
    for (let i = 0; i < list.count; i++) {
      // Two varints, read inline (not by a call returning an array [value, at] for each).
      let byte = bytes[at++]!;
      let value = byte & 0x7f;
      for (let scale = 128; byte >= 0x80; scale *= 128) value += ((byte = bytes[at++]!) & 0x7f) * scale;
      docs[i] = doc += value;
      byte = bytes[at++]!;
      value = byte & 0x7f;
      for (let scale = 128; byte >= 0x80; scale *= 128) value += ((byte = bytes[at++]!) & 0x7f) * scale;
      frequencies[i] = value;
    }
  }
}

/** How many bytes Bytes.varint writes for `value`. */
function varintSize(value: number): number {
  let size = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 128);
    size++;
  }
  return size;
}

/** A growable byte buffer for the varint-encoded entries. */
class Bytes {
  buffer: Uint8Array;
  length = 0;
  constructor(size = 1024) {
    this.buffer = new Uint8Array(size);
  }
  push(byte: number): void {
    if (this.length === this.buffer.length) {
      const grown = new Uint8Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer[this.length++] = byte;
  }
  varint(value: number): void {
    while (value >= 0x80) {
      this.push((value & 0x7f) | 0x80);
      value = Math.floor(value / 128);
    }
    this.push(value);
  }
  bytes(bytes: Uint8Array): void {
    for (const byte of bytes) this.push(byte);
  }
  /** A copy of the bytes pushed since `from`. */
  copy(from = 0): Uint8Array {
    return this.buffer.slice(from, this.length);
  }
}

/** The start of `text`: cut at a word near `length` characters (code points), with "…" when cut. */
function headOf(text: string, length: number): string {
  const end = codePointsEnd(text, length);
  if (end >= text.length) return text;
  const cut = text.slice(0, end);
  const space = cut.lastIndexOf(" ");
  return `${(space > length / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The index of `stories` (newest first, as the build orders them; every story, hidden ones too). */
export function searchIndex(stories: readonly Story[]): SearchIndex {
  const files = new Map<string, Uint8Array | string>();
  const manifest = emitSearchIndex(stories, (path, content) => files.set(path, content));
  return { files, manifest };
}

/**
 * Hands each file of the index of `stories` (newest first; every story, hidden
 * ones too) to `emit` (asset path, bytes or text) and returns the manifest.
 */
export function emitSearchIndex(
  stories: readonly Story[],
  emit: (path: string, content: Uint8Array | string) => void,
): SearchIndex["manifest"] {
  const index = new SearchIndexEmitter(stories.length, emit);
  const tokenizer = memoizedTermIds();
  const terms = new TermTranslation(index);
  const doc = new DocTerms();
  for (let i = stories.length - 1; i >= 0; i--) {
    const story = stories[i]!;
    doc.count(tokenizer, story);
    index.add(terms.translate(tokenizer.terms, doc.pairs), doc.length, listing(story));
  }
  return index.finish();
}

/**
 * What a search result shows of a story: the start of its text (the excerpt is
 * cut from it around the matched words) and, when its summary is its own
 * rather than the start of that text, the summary's head.
 */
export function listing(story: IndexedStory & Pick<Story, "paragraphs">): Listing {
  const text = headOf(story.paragraphs.join("\n"), LISTED_TEXT_LENGTH);
  const shown = [text, story.id, story.slug, story.title, story.published] as const;
  const own = !text.startsWith(story.summary.replace(/…$/, ""));
  return own ? [...shown, headOf(story.summary, SUMMARY_LENGTH)] : shown;
}

/**
 * One doc's terms, as the index weighs them: (term id, frequency) pairs, a
 * headline word counting HEADLINE_WEIGHT times, and the doc's length. One
 * instance counts doc after doc, reusing its buffers.
 */
export class DocTerms {
  /** Term id, frequency, term id, frequency, ... (ids of the tokenizer given to `count`). */
  pairs: number[] = [];
  length = 0;
  private frequency = new Uint32Array(1024);
  private readonly ids: number[] = [];

  count(tokenizer: TermIds, story: Pick<Story, "title" | "paragraphs" | "tags">): void {
    const { ids } = this;
    ids.length = 0;
    tokenizer.ids(story.title, ids);
    const headline = ids.length;
    for (const text of story.paragraphs) tokenizer.ids(text, ids);
    for (const text of story.tags) tokenizer.ids(text, ids);
    if (tokenizer.terms.length > this.frequency.length) {
      const grown = new Uint32Array(Math.max(tokenizer.terms.length, this.frequency.length * 2));
      grown.set(this.frequency);
      this.frequency = grown;
    }
    const { frequency } = this;
    const seen: number[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const before = frequency[id]!;
      if (before === 0) seen.push(id);
      frequency[id] = before + (i < headline ? HEADLINE_WEIGHT : 1);
    }
    this.length = headline * HEADLINE_WEIGHT + (ids.length - headline);
    const pairs: number[] = [];
    for (const id of seen) {
      pairs.push(id, frequency[id]!);
      frequency[id] = 0;
    }
    this.pairs = pairs;
  }
}

/** Maps the term ids of one tokenizer (a build worker's, say) to the index's. */
export class TermTranslation {
  private ids = new Int32Array(1024).fill(-1);

  constructor(private readonly index: SearchIndexEmitter) {}

  /**
   * The (term id, frequency) pairs of `pairs` from `start` to `end`, each id (a
   * position in `terms`) made the index's.
   */
  translate(terms: readonly string[], pairs: ArrayLike<number>, start = 0, end = pairs.length): number[] {
    if (terms.length > this.ids.length) {
      const grown = new Int32Array(Math.max(terms.length, this.ids.length * 2)).fill(-1);
      grown.set(this.ids);
      this.ids = grown;
    }
    const out = new Array<number>(end - start);
    for (let i = start; i < end; i += 2) {
      const local = pairs[i]!;
      let id = this.ids[local]!;
      if (id < 0) this.ids[local] = id = this.index.termId(terms[local]!);
      out[i - start] = id;
      out[i - start + 1] = pairs[i + 1]!;
    }
    return out;
  }
}

/**
 * The search index, made doc by doc (oldest first) and written when `finish`
 * is called: the postings need every doc's length (BM25's average), the
 * summary files are written as their docs arrive.
 */
export class SearchIndexEmitter {
  private readonly byTerm = new Map<string, number>();
  private readonly terms: string[] = [];
  private readonly postings: PostingList[] = [];
  private readonly lengths: Uint32Array;
  private readonly perFile: number;
  private summaries: Uint8Array[] = [];
  private doc = 0;

  /** An index of `docs` docs, its files handed to `emit` (asset path, bytes or text). */
  constructor(
    private readonly docs: number,
    private readonly emit: (path: string, content: Uint8Array | string) => void,
  ) {
    this.lengths = new Uint32Array(docs);
    this.perFile = summaryBlock(docs);
  }

  /** The id of `term` in this index (made on first use). */
  termId(term: string): number {
    let id = this.byTerm.get(term);
    if (id === undefined) {
      id = this.terms.push(term) - 1;
      this.byTerm.set(term, id);
    }
    return id;
  }

  /** Adds the next doc: its (term id, weighted frequency) pairs, its length and what a result shows of it. */
  add(pairs: readonly number[], length: number, shown: Listing): void {
    const doc = this.doc++;
    if (doc >= this.docs) throw new Error(`more than the ${this.docs} docs announced`);
    this.lengths[doc] = length;
    for (let i = 0; i < pairs.length; i += 2) {
      const id = pairs[i]!;
      const list = (this.postings[id] ??= { bytes: new Bytes(8), count: 0, last: 0 });
      list.bytes.varint(doc - list.last);
      list.bytes.varint(pairs[i + 1]!);
      list.last = doc;
      list.count++;
    }
    this.summaries.push(utf8Bytes(JSON.stringify(shown)));
    if (this.summaries.length === this.perFile || this.doc === this.docs) {
      this.emit(summaryPath(Math.floor(doc / this.perFile)).slice(1), joinJsonLines(this.summaries));
      this.summaries = [];
    }
  }

  /** Writes the postings; returns the manifest the Worker bundles. */
  finish(): SearchIndex["manifest"] {
    const { docs, lengths, postings, emit } = this;
    if (this.doc !== docs) throw new Error(`${this.doc} docs added of the ${docs} announced`);
    // The average length, rounded to a step of 1/8 of a power of two (about 9%): adding a story moves
    // it rarely, so the postings of the other stories, and the files holding them, stay as they were.
    const mean = lengths.reduce((sum, length) => sum + length, 0) / Math.max(1, docs);
    const average = mean > 0 ? 2 ** (Math.round(Math.log2(mean) * 8) / 8) : 1;
    // Pass 2: each term's entry, with BM25's length-normalised frequency quantised (see indexFormat.ts).
    const entries = new Map<string, Uint8Array>();
    let total = 0;
    const encoder = new TextEncoder();
    const order = this.terms.map((term, id) => ({ term, id }));
    order.sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
    const body = new Bytes();
    const entry = new Bytes();
    const complement = new Bytes();
    const scratch = new PostingScratch();
    for (const { term, id } of order) {
      const count = postings[id]!.count;
      scratch.decode(postings[id]!);
      const { docs: listed, frequencies, raw, weights } = scratch;
      let sparseBytes = count;
      for (let i = 0; i < count; i++) {
        const tf = frequencies[i]!;
        const norm = 1 - BM25.b + (BM25.b * lengths[listed[i]!]!) / average;
        raw[i] = (tf * (BM25.k1 + 1)) / (tf + BM25.k1 * norm);
        weights[i] = weightByte(raw[i]!);
        sparseBytes += varintSize(listed[i]! - (i === 0 ? 0 : listed[i - 1]!));
      }
      // The smallest form (see indexFormat.ts): deltas and weight bytes, a bitmap, or the docs without it.
      const span = listed[count - 1]! + 1;
      const bitmapBytes = Math.ceil(span / 8);
      const nibbleBytes = Math.ceil(count / 2);
      complement.length = 0;
      complement.varint(span);
      // Past the size of another form, this one will not be chosen: its bytes stop there.
      const limit = Math.min(sparseBytes, bitmapBytes + count) - nibbleBytes;
      let previous = 0;
      for (let i = 0, doc = 0; doc < span && complement.length <= limit; doc++) {
        if (i < count && listed[i] === doc) i++;
        else {
          complement.varint(doc - previous);
          previous = doc;
        }
      }
      const sizes = [sparseBytes, bitmapBytes + count, complement.length + nibbleBytes];
      const form = sizes.indexOf(Math.min(...sizes));
      body.length = 0;
      if (form === POSTINGS_FORM.SPARSE) {
        previous = 0;
        for (let i = 0; i < count; i++) {
          body.varint(listed[i]! - previous);
          body.push(weights[i]!);
          previous = listed[i]!;
        }
      } else if (form === POSTINGS_FORM.DENSE) {
        const bitmap = new Uint8Array(bitmapBytes);
        for (let i = 0; i < count; i++) bitmap[listed[i]! >> 3]! |= 1 << (listed[i]! & 7);
        body.bytes(bitmap);
        body.bytes(weights.subarray(0, count));
      } else {
        body.bytes(complement.buffer.subarray(0, complement.length));
        const nibbles = new Uint8Array(nibbleBytes);
        for (let i = 0; i < count; i++) nibbles[i >> 1]! |= weightNibble(raw[i]!) << ((i & 1) === 0 ? 4 : 0);
        body.bytes(nibbles);
      }
      const name = encoder.encode(term);
      entry.length = 0;
      entry.varint(name.length);
      entry.bytes(name);
      entry.varint(count);
      entry.push(form);
      entry.varint(body.length);
      entry.bytes(body.buffer.subarray(0, body.length));
      entries.set(term, entry.copy());
      postings[id] = undefined!; // its bytes are all the index needs now
    }
    // A term larger than half a shard gets a file of its own; the rest share shards.
    const large: string[] = [];
    for (const [term, bytes] of entries) {
      if (bytes.length > SHARD_TARGET_BYTES / 2) large.push(term);
      else total += bytes.length;
    }
    // A power of two: the shard count changes (and every shard with it) only when the index doubles.
    const shards = 2 ** Math.max(0, Math.ceil(Math.log2(Math.max(1, total / SHARD_TARGET_BYTES))));
    const parts: Uint8Array[][] = Array.from({ length: shards }, () => []);
    const own = new Set(large);
    for (const [term, bytes] of entries) {
      if (own.has(term)) emit(termPath(term).slice(1), bytes);
      else parts[shardOf(term, shards)]!.push(bytes);
    }
    parts.forEach((part, n) => {
      const bytes = new Uint8Array(part.reduce((sum, entry) => sum + entry.length, 0));
      let at = 0;
      for (const entry of part) {
        bytes.set(entry, at);
        at += entry.length;
      }
      emit(shardPath(n).slice(1), bytes);
    });
    return { shards, docs, large };
  }
}
