// Runs a search over the index in static assets: reads one shard per word (cached within a byte
// budget), requires every word (falling back to any word), ranks by BM25 or date, and keeps only
// the stories served at this instant.

import {
  BM25,
  readPostings,
  shardOf,
  shardPath,
  summaryBlock,
  summaryPath,
  termPath,
  type Listing,
  type Postings,
} from "../core/search/indexFormat";
import type { SearchFiles, StoryIndexEntry } from "../core/types";
import { ContentUnavailable } from "./contentUnavailable";
import { LruCache } from "./lruCache";
import type { SearchQuery } from "./searchQuery";
import type { Visibility } from "./visibility";

/** What a search found. */
export interface SearchResults {
  /** Ordinals of the first `limit` matches, in the query's order. */
  readonly ordinals: readonly number[];
  /** How many stories match in all. */
  readonly total: number;
  /** Whether no story had every word, so stories with any of them are shown. */
  readonly anyWord: boolean;
}

/** A story as a results list shows it. */
export interface SearchListing {
  readonly entry: Pick<StoryIndexEntry, "id" | "slug" | "title" | "published">;
  readonly summary: string;
}

/** Searches and summaries, reading index files through a cache bounded in bytes. */
export interface SearchEngine {
  /** The first `limit` matches of `query` among the stories `view` serves, and how many there are. */
  search(view: Visibility, query: SearchQuery, limit: number): Promise<SearchResults>;
  /** The results-list lines of the stories with these ordinals: headline, date, link and excerpt. */
  listings(ordinals: readonly number[]): Promise<SearchListing[]>;
  readonly cachedBytes: number;
}

const decoder = new TextDecoder();

/** An engine over `files`, keeping at most `maxBytes` of them in memory. */
export function createSearchEngine(files: SearchFiles, total: number, maxBytes: number): SearchEngine {
  const cache = new LruCache<Uint8Array>(maxBytes, (bytes) => bytes.byteLength);
  const large = new Set(files.large);
  const read = (path: string): Promise<Uint8Array> =>
    cache.get(path, () =>
      files.load(path).catch((error: unknown) => {
        console.error(error instanceof Error ? error.message : String(error));
        throw error instanceof ContentUnavailable ? error : new ContentUnavailable(`search file ${path}`);
      }),
    );

  return {
    async search(view, query, limit) {
      if (query.terms.length === 0) return { ordinals: [], total: 0, anyWord: false };
      const wanted = new Set(query.terms);
      const paths = [
        ...new Set(
          query.terms.map((term) =>
            large.has(term) ? termPath(term) : shardPath(shardOf(term, files.shards)),
          ),
        ),
      ];
      const found = new Map<string, Postings>();
      for (const bytes of await Promise.all(paths.map((path) => read(path)))) {
        for (const [term, postings] of readPostings(bytes, wanted)) found.set(term, postings);
      }
      const lists = query.terms.map((term) => found.get(term)).filter((list) => list !== undefined);
      if (lists.length === 0) return { ordinals: [], total: 0, anyWord: false };
      // BM25 over typed arrays: one pass per word, no object per posting.
      const scores = new Float64Array(total);
      const matched = new Uint8Array(total);
      for (const { docs, weights } of lists) {
        const df = docs.length;
        const idf = Math.log(1 + (files.docs - df + 0.5) / (df + 0.5));
        const scale = (idf * (BM25.k1 + 1)) / 255;
        for (let i = 0; i < df; i++) {
          scores[docs[i]!]! += weights[i]! * scale;
          matched[docs[i]!]!++;
        }
      }
      const every = lists.length === query.terms.length;
      // Every word: only the rarest word's docs can match; else any word: every list's.
      const rarest = lists.reduce((a, b) => (a.docs.length <= b.docs.length ? a : b));
      const collect = (all: boolean) => {
        const candidates = all ? [rarest] : lists;
        const hits: Hit[] = [];
        let count = 0;
        const seen = all ? null : new Uint8Array(total);
        // Newest first (highest doc first): the date order, and ties in relevance go to the newer.
        for (const { docs } of candidates) {
          for (let i = docs.length - 1; i >= 0; i--) {
            const doc = docs[i]!;
            if (all ? matched[doc] !== query.terms.length : seen![doc]) continue;
            if (seen) seen[doc] = 1;
            if (!view.isServed(doc)) continue;
            count++;
            keep(hits, { ordinal: doc, score: scores[doc]! }, limit, query.sort);
          }
        }
        return { hits, count };
      };
      let { hits, count } = every ? collect(true) : { hits: [], count: 0 };
      const anyWord = count === 0 && query.terms.length > 1;
      if (anyWord) ({ hits, count } = collect(false));
      hits.sort((a, b) => before(a, b, query.sort));
      return { ordinals: hits.map((hit) => hit.ordinal), total: count, anyWord: anyWord && count > 0 };
    },
    async listings(docs) {
      const perFile = summaryBlock(files.docs);
      const blocks = new Map<number, Listing[]>();
      await Promise.all(
        [...new Set(docs.map((doc) => Math.floor(doc / perFile)))].map(async (block) => {
          blocks.set(block, JSON.parse(decoder.decode(await read(summaryPath(block)))) as Listing[]);
        }),
      );
      return docs.map((doc) => {
        const listing = blocks.get(Math.floor(doc / perFile))?.[doc % perFile];
        if (!listing) throw new ContentUnavailable(`search summaries lack story ${doc}`);
        const [summary, id, slug, title, published] = listing;
        return { entry: { id, slug, title, published }, summary };
      });
    },
    get cachedBytes() {
      return cache.weight;
    },
  };
}

/** A match: the story's ordinal (its doc) and its score. */
interface Hit {
  readonly ordinal: number;
  readonly score: number;
}

/** Whether hit `a` comes before `b`: higher score (then newer), or newer for the date order. */
function before(a: Hit, b: Hit, sort: string): number {
  return sort === "date" ? b.ordinal - a.ordinal : b.score - a.score || b.ordinal - a.ordinal;
}

/** Adds `hit` to `hits`, keeping only the best `limit` (sorted on insertion; `limit` is small). */
function keep(hits: Hit[], hit: Hit, limit: number, sort: string): void {
  if (hits.length === limit && before(hit, hits[limit - 1]!, sort) >= 0) return;
  let at = hits.length;
  while (at > 0 && before(hit, hits[at - 1]!, sort) < 0) at--;
  hits.splice(at, 0, hit);
  if (hits.length > limit) hits.pop();
}
