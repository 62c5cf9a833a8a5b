// Full stories by their place in the index, loaded chunk by chunk and kept in a bounded cache.

import { chunkOf } from "../core/archive";
import type { Content, Story } from "../core/types";
import { LruCache } from "./lruCache";

/** Reads stories by index position (0 = newest). */
export interface StoryStore {
  /** The stories at these positions of the full index, in the order given. */
  at(positions: readonly number[]): Promise<Story[]>;
  /** The stories of chunk `chunk`, oldest first. */
  chunk(chunk: number): Promise<readonly Story[]>;
}

/** A store over `content` keeping at most `maxChunks` chunks in memory. */
export function createStoryStore(content: Content, maxChunks: number): StoryStore {
  const total = content.index.length;
  const cache = new LruCache<readonly Story[]>(maxChunks, () => 1);
  const chunk = (n: number): Promise<readonly Story[]> => cache.get(String(n), () => content.loadChunk(n));
  return {
    chunk,
    async at(positions) {
      const located = positions.map((position) => chunkOf(position, total, content.chunkSize));
      const chunks = new Map<number, readonly Story[]>();
      await Promise.all(
        [...new Set(located.map((l) => l.chunk))].map(async (n) => chunks.set(n, await chunk(n))),
      );
      return located.map(({ chunk: n, offset }) => {
        const story = chunks.get(n)?.[offset];
        if (!story) throw new Error(`chunk ${n} has no story at offset ${offset}`);
        return story;
      });
    },
  };
}
