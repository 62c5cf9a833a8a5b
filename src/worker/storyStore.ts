// Full stories by ordinal, read chunk by chunk through the archive reader (bounded in bytes), each
// parsed only when asked for.

import { chunkPath, listPath, storyFilePath, type Layout, type StoryStub } from "../core/archiveLayout";
import type { JsonLines } from "../core/jsonLines";
import type { Story } from "../core/types";
import type { ArchiveReader } from "./archiveReader";
import { itemsAt } from "./itemsAt";

/** Reads stories by ordinal (0 = oldest). */
export interface StoryStore {
  /**
   * The stories with these ordinals, in the order given. With `ids`, each story
   * must have the id given for it (its index entry's), else ContentUnavailable.
   */
  at(ordinals: readonly number[], ids?: readonly string[]): Promise<Story[]>;
  /** The summaries lists show of these ordinals (null for one too long to carry: read the story). */
  summaries(ordinals: readonly number[]): Promise<(string | null)[]>;
}

/** A store reading the chunks of `layout` through `reader`. */
export function createStoryStore(reader: ArchiveReader, layout: Layout): StoryStore {
  const { chunkSize, segmentSize } = layout;
  return {
    summaries: (ordinals) =>
      itemsAt(
        ordinals,
        segmentSize,
        (segment) => reader.json<(string | null)[]>(listPath(segment)),
        (segment, ordinal) => reader.reject(listPath(segment), `list file ${segment} lacks story ${ordinal}`),
      ),
    async at(ordinals, ids) {
      const chunks = new Map<number, JsonLines<Story | StoryStub>>();
      await Promise.all(
        [...new Set(ordinals.map((ordinal) => Math.floor(ordinal / chunkSize)))].map(async (chunk) =>
          chunks.set(chunk, await reader.lines<Story | StoryStub>(chunkPath(chunk))),
        ),
      );
      // Only the stories asked for are parsed; one too long for its chunk is read from its own file.
      const stories = await Promise.all(
        ordinals.map((ordinal) => {
          const held = parsed(chunks.get(Math.floor(ordinal / chunkSize)), ordinal % chunkSize);
          return held && typeof held === "object" && "file" in held
            ? reader.json<Story>(storyFilePath(ordinal))
            : held;
        }),
      );
      return ordinals.map((ordinal, i) => {
        const chunk = Math.floor(ordinal / chunkSize);
        const story = stories[i];
        if (!story || (ids && story.id !== ids[i])) {
          // The index and the chunk disagree: serve nothing rather than the wrong story.
          throw reader.reject(
            chunkPath(chunk),
            `story chunk ${chunk} does not hold ${ids?.[i] ?? `story ${ordinal}`} at offset ${ordinal % chunkSize}`,
          );
        }
        return story;
      });
    },
  };
}

/** Value `offset` of `chunk`, or undefined when the chunk is not there or its line is not JSON. */
function parsed<T>(chunk: JsonLines<T> | undefined, offset: number): T | undefined {
  try {
    return chunk?.at(offset);
  } catch {
    return undefined;
  }
}
