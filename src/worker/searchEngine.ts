// Runs a search over the index in static assets: reads one shard per word (cached within a byte
// budget), requires every word (falling back to any word), ranks by BM25 or date, and keeps only
// the stories served at this instant.

import {
  BM25,
  readPostings,
  shardOf,
  shardPath,
  SUMMARY_BLOCK,
  summaryPath,
  type Postings,
} from "../core/search/indexFormat";
import type { SearchFiles } from "../core/types";
import { ContentUnavailable } from "./contentUnavailable";
import { LruCache } from "./lruCache";
import type { SearchQuery } from "./searchQuery";
import type { Visibility } from "./visibility";

/** What a search found. */
export interface SearchResults {
  /** Places in `view.entries` of every match, in the query's order. */
  readonly places: readonly number[];
  /** Whether no story had every word, so stories with any of them are shown. */
  readonly anyWord: boolean;
}

/** Searches and summaries, reading index files through a cache bounded in bytes. */
export interface SearchEngine {
  search(view: Visibility, query: SearchQuery): Promise<SearchResults>;
  /** The summaries of the stories at these places (for excerpts). */
  summaries(view: Visibility, places: readonly number[]): Promise<string[]>;
  readonly cachedBytes: number;
}

const decoder = new TextDecoder();

/** An engine over `files`, keeping at most `maxBytes` of them in memory. */
export function createSearchEngine(files: SearchFiles, total: number, maxBytes: number): SearchEngine {
  const cache = new LruCache<Uint8Array>(maxBytes, (bytes) => bytes.byteLength);
  const read = (path: string): Promise<Uint8Array> =>
    cache.get(path, () =>
      files.load(path).catch((error: unknown) => {
        console.error(error instanceof Error ? error.message : String(error));
        throw error instanceof ContentUnavailable ? error : new ContentUnavailable(`search file ${path}`);
      }),
    );
  // A doc is a story's oldest-first number; its place among the served stories, if served.
  const placeOf = (view: Visibility, doc: number): number | undefined => {
    const position = total - 1 - doc;
    let low = 0;
    let high = view.positions.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const at = view.positions[mid]!;
      if (at === position) return mid;
      if (at < position) low = mid + 1;
      else high = mid - 1;
    }
    return undefined;
  };

  return {
    async search(view, query) {
      if (query.terms.length === 0) return { places: [], anyWord: false };
      const wanted = new Set(query.terms);
      const shards = [...new Set(query.terms.map((term) => shardOf(term, files.shards)))];
      const found = new Map<string, Postings>();
      for (const bytes of await Promise.all(shards.map((n) => read(shardPath(n))))) {
        for (const [term, postings] of readPostings(bytes, wanted)) found.set(term, postings);
      }
      const scores = new Map<number, { score: number; matched: number }>();
      for (const term of query.terms) {
        const postings = found.get(term);
        if (!postings) continue;
        const df = postings.docs.length;
        const idf = Math.log(1 + (files.docs - df + 0.5) / (df + 0.5));
        for (let i = 0; i < df; i++) {
          const doc = postings.docs[i]!;
          const weight = (postings.weights[i]! / 255) * (BM25.k1 + 1);
          const entry = scores.get(doc);
          if (entry) {
            entry.score += idf * weight;
            entry.matched++;
          } else scores.set(doc, { score: idf * weight, matched: 1 });
        }
      }
      const collect = (every: boolean) => {
        const hits: { place: number; score: number }[] = [];
        for (const [doc, { score, matched }] of scores) {
          if (every && matched < query.terms.length) continue;
          const place = placeOf(view, doc);
          if (place !== undefined) hits.push({ place, score });
        }
        return hits;
      };
      let hits = collect(true);
      const anyWord = hits.length === 0 && query.terms.length > 1;
      if (anyWord) hits = collect(false);
      // Relevance, newest first among equals; or newest first (the feeds' order).
      hits.sort((a, b) =>
        query.sort === "date" ? a.place - b.place : b.score - a.score || a.place - b.place,
      );
      return { places: hits.map((hit) => hit.place), anyWord: anyWord && hits.length > 0 };
    },
    async summaries(view, places) {
      const docs = places.map((place) => total - 1 - view.positions[place]!);
      const blocks = new Map<number, string[]>();
      await Promise.all(
        [...new Set(docs.map((doc) => Math.floor(doc / SUMMARY_BLOCK)))].map(async (block) => {
          blocks.set(block, JSON.parse(decoder.decode(await read(summaryPath(block)))) as string[]);
        }),
      );
      return docs.map((doc) => blocks.get(Math.floor(doc / SUMMARY_BLOCK))?.[doc % SUMMARY_BLOCK] ?? "");
    },
    get cachedBytes() {
      return cache.weight;
    },
  };
}
