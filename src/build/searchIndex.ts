// Builds the search index the Worker reads from static assets: postings spread over hashed shards,
// and the stories' summaries in small blocks for result excerpts. Docs are numbered oldest first
// (like chunks), so new stories do not renumber old ones.

import {
  BM25,
  HEADLINE_WEIGHT,
  shardOf,
  shardPath,
  summaryBlock,
  type Listing,
  SUMMARY_LENGTH,
  summaryPath,
  termPath,
  writeVarint,
} from "../core/search/indexFormat";
import { searchTerms } from "../core/search/searchTerms";
import type { Story } from "../core/types";

/** Postings bytes aimed at per shard: a query reads one shard per word. */
const SHARD_TARGET_BYTES = 48 * 1024;

/** The index's files (asset path -> bytes or text) and the manifest the Worker bundles. */
export interface SearchIndex {
  readonly files: Map<string, Uint8Array | string>;
  readonly manifest: { readonly shards: number; readonly docs: number; readonly large: readonly string[] };
}

/**
 * Characters NFKD leaves alone and that are never part of a word (ASCII
 * whitespace and punctuation, and Unicode spaces, which NFKD turns into
 * spaces): cutting a text at them cuts no word, so searchTerms of the pieces,
 * joined, is searchTerms of the text.
 */
const SEPARATORS = /[\s!-/:-@[-`{-~]+/u;

/**
 * searchTerms(), with each distinct piece of text (a word, mostly) normalised
 * and stemmed once: a corpus repeats a small vocabulary, so this is most of
 * the index's build time saved.
 */
export function memoizedSearchTerms(): (text: string) => string[] {
  const memo = new Map<string, readonly string[]>();
  return (text) => {
    const out: string[] = [];
    for (const piece of text.split(SEPARATORS)) {
      if (piece === "") continue;
      let terms = memo.get(piece);
      if (terms === undefined) memo.set(piece, (terms = searchTerms(piece)));
      for (const term of terms) out.push(term);
    }
    return out;
  };
}

/** The start of `summary` results show: cut at a word near SUMMARY_LENGTH characters. */
function excerptSource(summary: string): string {
  const chars = [...summary];
  if (chars.length <= SUMMARY_LENGTH) return summary;
  const cut = chars.slice(0, SUMMARY_LENGTH).join("");
  const space = cut.lastIndexOf(" ");
  return `${(space > SUMMARY_LENGTH / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The index of `stories` (newest first, as the build orders them; every story, hidden ones too). */
export function searchIndex(stories: readonly Story[]): SearchIndex {
  const docs = stories.length;
  // Two flat arrays per term (small integers stay unboxed): a million-posting index stays small.
  const postings = new Map<string, { docs: number[]; tfs: number[] }>();
  const lengths: number[] = [];
  const terms = memoizedSearchTerms();
  // Pass 1: term frequencies per doc, headline words weighted, and each doc's length.
  for (let doc = 0; doc < docs; doc++) {
    const story = stories[docs - 1 - doc]!;
    const counts = new Map<string, number>();
    let length = 0;
    for (const term of terms(story.title)) {
      counts.set(term, (counts.get(term) ?? 0) + HEADLINE_WEIGHT);
      length += HEADLINE_WEIGHT;
    }
    for (const term of terms([...story.paragraphs, ...story.tags].join("\n"))) {
      counts.set(term, (counts.get(term) ?? 0) + 1);
      length += 1;
    }
    lengths.push(length);
    for (const [term, tf] of counts) {
      const list = postings.get(term);
      if (list) {
        list.docs.push(doc);
        list.tfs.push(tf);
      } else postings.set(term, { docs: [doc], tfs: [tf] });
    }
  }
  // The average length, rounded to a step of 1/8 of a power of two (about 9%): adding a story moves
  // it rarely, so the postings of the other stories, and the files holding them, stay as they were.
  const mean = lengths.reduce((sum, length) => sum + length, 0) / Math.max(1, docs);
  const average = mean > 0 ? 2 ** (Math.round(Math.log2(mean) * 8) / 8) : 1;
  // Pass 2: each term's entry, with BM25's length-normalised frequency quantised to a byte.
  const entries = new Map<string, Uint8Array>();
  let total = 0;
  const encoder = new TextEncoder();
  for (const [term, list] of [...postings].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const body: number[] = [];
    let previous = 0;
    for (let i = 0; i < list.docs.length; i++) {
      const doc = list.docs[i]!;
      const tf = list.tfs[i]!;
      const norm = 1 - BM25.b + (BM25.b * lengths[doc]!) / average;
      const weight = (tf * (BM25.k1 + 1)) / (tf + BM25.k1 * norm);
      writeVarint(body, doc - previous);
      body.push(Math.max(1, Math.min(255, Math.round((weight / (BM25.k1 + 1)) * 255))));
      previous = doc;
    }
    const name = encoder.encode(term);
    const head: number[] = [];
    writeVarint(head, name.length);
    const entry = new Uint8Array(head.length + name.length + 10 + body.length);
    let at = 0;
    entry.set(head, at);
    at += head.length;
    entry.set(name, at);
    at += name.length;
    const counts: number[] = [];
    writeVarint(counts, list.docs.length);
    writeVarint(counts, body.length);
    entry.set(counts, at);
    at += counts.length;
    entry.set(body, at);
    at += body.length;
    entries.set(term, entry.subarray(0, at));
  }
  // A term larger than half a shard gets a file of its own; the rest share shards.
  const large: string[] = [];
  for (const [term, entry] of entries) {
    if (entry.length > SHARD_TARGET_BYTES / 2) large.push(term);
    else total += entry.length;
  }
  // A power of two: the shard count changes (and every shard with it) only when the index doubles.
  const shards = 2 ** Math.max(0, Math.ceil(Math.log2(Math.max(1, total / SHARD_TARGET_BYTES))));
  const parts: Uint8Array[][] = Array.from({ length: shards }, () => []);
  const files = new Map<string, Uint8Array | string>();
  const own = new Set(large);
  for (const [term, entry] of entries) {
    if (own.has(term)) files.set(termPath(term).slice(1), entry);
    else parts[shardOf(term, shards)]!.push(entry);
  }
  parts.forEach((part, n) => {
    const bytes = new Uint8Array(part.reduce((sum, entry) => sum + entry.length, 0));
    let at = 0;
    for (const entry of part) {
      bytes.set(entry, at);
      at += entry.length;
    }
    files.set(shardPath(n).slice(1), bytes);
  });
  const perFile = summaryBlock(docs);
  for (let block = 0; block * perFile < docs; block++) {
    const summaries: Listing[] = [];
    for (let doc = block * perFile; doc < Math.min(docs, (block + 1) * perFile); doc++) {
      const story = stories[docs - 1 - doc]!;
      summaries.push([excerptSource(story.summary), story.id, story.slug, story.title, story.published]);
    }
    files.set(summaryPath(block).slice(1), JSON.stringify(summaries));
  }
  return { files, manifest: { shards, docs, large } };
}
