// Reads the archive's JSON files (chunks, index files, id and topic files, the directory) from the
// static assets, keeping the parsed files in a cache bounded in bytes.

import type { Content } from "../core/types";
import { ContentUnavailable } from "./contentUnavailable";
import { LruCache } from "./lruCache";

/** Parsed archive files by path. */
export interface ArchiveReader {
  /** The file at `path`, parsed; rejects with ContentUnavailable when it cannot be read. */
  json<T>(path: string): Promise<T>;
  /** Forgets the file at `path` (found to disagree with the rest), so it is read again. */
  forget(path: string): void;
  /** Bytes of the files held (UTF-16: close to what their strings take in the isolate). */
  readonly cachedBytes: number;
}

const decoder = new TextDecoder();

/**
 * A reader of `content` keeping at most `maxBytes` of files. A file that cannot
 * be read is logged once per failed read (concurrent requests share it) and not
 * kept, so the next request reads it again.
 */
export function createArchiveReader(content: Content, maxBytes: number): ArchiveReader {
  const cache = new LruCache<{ value: unknown; bytes: number }>(maxBytes, (file) => file.bytes);
  return {
    async json<T>(path: string): Promise<T> {
      const file = await cache.get(path, async () => {
        try {
          const text = decoder.decode(await content.read(path));
          return { value: JSON.parse(text) as unknown, bytes: text.length * 2 };
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          const unavailable =
            error instanceof ContentUnavailable
              ? error
              : new ContentUnavailable(`archive file ${path} cannot be read (${message})`);
          console.error(unavailable.message);
          throw unavailable;
        }
      });
      return file.value as T;
    },
    forget: (path) => cache.delete(path),
    get cachedBytes() {
      return cache.weight;
    },
  };
}
