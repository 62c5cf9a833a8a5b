// Reads the archive's files (chunks, index files, id and topic files, the directory) from the static
// assets, keeping them in a cache bounded in bytes: JSON files parsed, chunks (JSON lines) as bytes.

import { readJsonLines, type JsonLines } from "../core/jsonLines";
import type { Content } from "../core/types";
import { ContentUnavailable } from "./contentUnavailable";
import { LruCache } from "./lruCache";

/** Parsed archive files by path. */
export interface ArchiveReader {
  /** The file at `path`, parsed; rejects with ContentUnavailable when it cannot be read. */
  json<T>(path: string): Promise<T>;
  /** The file at `path` as JSON lines (see jsonLines.ts), held as bytes; each value parsed when asked for. */
  lines<T>(path: string): Promise<JsonLines<T>>;
  /** Forgets the file at `path` (found to disagree with the rest), so it is read again. */
  forget(path: string): void;
  /**
   * The file at `path` disagrees with the rest (a deploy mixing two builds):
   * forgets it, so it is read again once the deploy completes, logs `message`,
   * and returns the ContentUnavailable to throw (the request answers 503).
   * Given several paths (two files disagreeing, either of which may be the
   * stale one), forgets each.
   */
  reject(path: string | readonly string[], message: string): ContentUnavailable;
  /** Bytes of the files held: parsed files as UTF-16 (close to what their strings take), JSON lines as read. */
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
  const load = async <T>(path: string, parse: (bytes: Uint8Array) => { value: T; bytes: number }) => {
    const file = await cache.get(path, async () => {
      try {
        return parse(await content.read(path));
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
  };
  return {
    json: <T>(path: string) =>
      load<T>(path, (bytes) => {
        const text = decoder.decode(bytes);
        return { value: JSON.parse(text) as T, bytes: text.length * 2 };
      }),
    lines: <T>(path: string) =>
      load<JsonLines<T>>(path, (bytes) => {
        const value = readJsonLines<T>(bytes);
        return { value, bytes: value.byteLength };
      }),
    forget: (path) => cache.delete(path),
    reject(path, message) {
      for (const each of typeof path === "string" ? [path] : path) cache.delete(each);
      console.error(message);
      return new ContentUnavailable(message);
    },
    get cachedBytes() {
      return cache.weight;
    },
  };
}
