// Runs a search over the index in static assets: reads one shard per word (cached within a byte
// budget), requires every word (falling back to any word), ranks by BM25 or date, and keeps only
// the stories served at this instant.

import {
  BM25,
  readTermLists,
  shardOf,
  shardPath,
  summaryBlock,
  summaryPath,
  termPath,
  type Listing,
  type TermList,
} from "../core/search/indexFormat";
import type { SearchFiles, StoryIndexEntry } from "../core/types";
import { readJsonLines, type JsonLines } from "../core/jsonLines";
import { ContentUnavailable } from "./contentUnavailable";
import { LruCache } from "./lruCache";
import type { SearchQuery } from "./searchQuery";
import { matchAny, matchEvery } from "./searchMatch";
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
  /** The start of its text (paragraphs apart by "\n"), "…" at the end when cut: see Listing. */
  readonly text: string;
  /** Its own summary's head, when it has one that is not the start of its text. */
  readonly summary: string | null;
}

/** Searches and summaries, reading index files through a cache bounded in bytes. */
export interface SearchEngine {
  /** The first `limit` matches of `query` among the stories `view` serves, and how many there are. */
  search(view: Visibility, query: SearchQuery, limit: number): Promise<SearchResults>;
  /** The results-list lines of the stories with these ordinals: headline, date, link and text. */
  listings(ordinals: readonly number[]): Promise<SearchListing[]>;
  /** Which summary file holds the listing of story `ordinal` (stories in one file are read together). */
  summaryFile(ordinal: number): number;
  readonly cachedBytes: number;
}

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

  /**
   * The error for a file that disagrees with the rest (another build's, while a
   * deploy is half done): logged, and forgotten so the next request reads it again.
   */
  const reject = (path: string, message: string): ContentUnavailable => {
    cache.delete(path);
    console.error(message);
    return new ContentUnavailable(message);
  };

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
      const found = new Map<string, TermList>();
      for (const bytes of await Promise.all(paths.map((path) => read(path)))) {
        for (const [term, list] of readTermLists(bytes, wanted)) found.set(term, list);
      }
      const lists = query.terms.map((term) => found.get(term)).filter((list) => list !== undefined);
      if (lists.length === 0) return { ordinals: [], total: 0, anyWord: false };
      // BM25: each word's weights scaled by its idf.
      const scales = lists.map(({ count }) => {
        const idf = Math.log(1 + (files.docs - count + 0.5) / (count + 0.5));
        return (idf * (BM25.k1 + 1)) / 255;
      });
      if (lists.length === query.terms.length) {
        const every = matchEvery(lists, scales, view.excluded, limit, query.sort);
        if (every.total > 0 || query.terms.length === 1) return { ...every, anyWord: false };
      }
      // No story has every word (a one-word query has returned above): stories with any of them.
      const any = matchAny(lists, scales, view, total, limit, query.sort);
      return { ...any, anyWord: any.total > 0 };
    },
    async listings(docs) {
      const perFile = summaryBlock(files.docs);
      const blocks = new Map<number, JsonLines<Listing>>();
      await Promise.all(
        [...new Set(docs.map((doc) => Math.floor(doc / perFile)))].map(async (block) => {
          const path = summaryPath(block);
          const bytes = await read(path);
          try {
            blocks.set(block, readJsonLines<Listing>(bytes));
          } catch {
            throw reject(path, `search file ${path} is not a summaries file`);
          }
        }),
      );
      return docs.map((doc) => {
        const block = Math.floor(doc / perFile);
        let listing: Listing | undefined;
        try {
          listing = blocks.get(block)?.at(doc % perFile);
        } catch {
          listing = undefined; // a line that is not JSON
        }
        if (!Array.isArray(listing) || (listing.length !== 5 && listing.length !== 6)) {
          throw reject(summaryPath(block), `search file ${summaryPath(block)} lacks story ${doc}`);
        }
        const [text, id, slug, title, published, summary] = listing;
        return { entry: { id, slug, title, published }, text, summary: summary ?? null };
      });
    },
    summaryFile(doc) {
      return Math.floor(doc / summaryBlock(files.docs));
    },
    get cachedBytes() {
      return cache.weight;
    },
  };
}
