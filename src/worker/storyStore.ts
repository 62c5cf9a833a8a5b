// Full stories by their place in the index, loaded chunk by chunk and kept in a cache bounded in bytes.

import { chunkOf } from "../core/archive";
import type { Content, Story } from "../core/types";
import { ContentUnavailable } from "./contentUnavailable";
import { LruCache } from "./lruCache";

/** Reads stories by index position (0 = newest). */
export interface StoryStore {
  /** The stories at these positions of the full index, in the order given. */
  at(positions: readonly number[]): Promise<Story[]>;
  /** The stories of chunk `chunk`, oldest first. */
  chunk(chunk: number): Promise<readonly Story[]>;
  /** Bytes of the chunks held. */
  readonly cachedBytes: number;
}

/**
 * A store over `content` keeping at most `maxBytes` of chunks in memory. A chunk
 * that cannot be read is logged once per failed read (concurrent requests share
 * it) and not kept, so the next request reads it again.
 */
export function createStoryStore(content: Content, maxBytes: number): StoryStore {
  const total = content.index.length;
  const cache = new LruCache<{ stories: readonly Story[]; bytes: number }>(maxBytes, (chunk) => chunk.bytes);
  const chunk = async (n: number): Promise<readonly Story[]> => {
    const loaded = await cache.get(String(n), () =>
      content.loadChunk(n).catch((error: unknown) => {
        console.error(error instanceof Error ? error.message : String(error));
        throw error instanceof ContentUnavailable ? error : new ContentUnavailable(`story chunk ${n}`);
      }),
    );
    return loaded.stories;
  };
  return {
    chunk,
    async at(positions) {
      const located = positions.map((position) => chunkOf(position, total, content.chunkSize));
      const chunks = new Map<number, readonly Story[]>();
      await Promise.all(
        [...new Set(located.map((l) => l.chunk))].map(async (n) => chunks.set(n, await chunk(n))),
      );
      return located.map(({ chunk: n, offset }, i) => {
        const story = chunks.get(n)?.[offset];
        const expected = content.index[positions[i]!]?.id;
        if (!story || story.id !== expected) {
          // The index and the chunk disagree: a deploy mixed two builds. Forget the chunk, so it is
          // read again when the deploy completes, and serve nothing rather than the wrong story.
          cache.delete(String(n));
          const message = `story chunk ${n} does not hold ${expected} at offset ${offset}`;
          console.error(message);
          throw new ContentUnavailable(message);
        }
        return story;
      });
    },
    get cachedBytes() {
      return cache.weight;
    },
  };
}
