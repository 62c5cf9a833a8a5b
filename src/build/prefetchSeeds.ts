// Reads seed files ahead of the build's workers when they are not in the page cache: a worker reads
// one file at a time, and a disk answers many reads at once faster than one after the other (a
// million seeds read cold: 81 s of planning with the two workers alone).

import { Buffer } from "node:buffer";
import { close, closeSync, fstat, fstatSync, open, openSync, read, readSync } from "node:fs";
import { CONTENT_OPEN_FLAGS } from "./openContentFile";
import { MAX_SEED_BYTES } from "./parseSeed";

/** Reads under way at once, on libuv's thread pool (four threads unless UV_THREADPOOL_SIZE says). */
const IN_FLIGHT = 16;
/** How far ahead of the workers it reads, in files: what it read must still be cached when they come. */
const AHEAD = 20_000;
/** A file read in more than this (ms, the median of a few) was not in the page cache. */
const COLD_MS = 0.04;
const CHUNK = 64 * 1024;

/**
 * Whether the `count` files of `pathOf` look not yet in the page cache: `samples` of
 * them, spread over the list, read here one by one, took over COLD_MS each
 * (median). A cached seed takes a few µs; one read from this machine's disk,
 * about 80.
 */
export function filesLookCold(count: number, pathOf: (i: number) => string, samples = 16): boolean {
  const buffer = Buffer.allocUnsafe(CHUNK);
  const times: number[] = [];
  for (let i = 0; i < samples && i < count; i++) {
    const path = pathOf(Math.floor(((i + 0.5) * count) / Math.min(samples, count)));
    const start = performance.now();
    try {
      // Opened as the workers open it (see openContentFile): not through a link, a regular file only.
      const fd = openSync(path, CONTENT_OPEN_FLAGS);
      try {
        if (!fstatSync(fd).isFile()) continue;
        // No further than a seed may be: past that it is refused by its size, unread.
        let total = 0;
        while (total <= MAX_SEED_BYTES && readSync(fd, buffer, 0, CHUNK, null) === CHUNK) total += CHUNK;
      } finally {
        closeSync(fd);
      }
    } catch {
      continue; // the workers report a file they cannot read
    }
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times.length > 0 && times[Math.floor(times.length / 2)]! > COLD_MS;
}

/**
 * Reads the `count` files of `pathOf` in order, IN_FLIGHT requests at a time,
 * into the page cache (the bytes are dropped), from `from()` (the files before
 * it are handed to the workers already) and at most AHEAD files past it.
 * Errors are ignored: the workers read every file again and report what
 * fails. (Paths are made as they are read: a million of them held at once
 * weighed some 200 MB of the build's peak memory.) Returns what stops it, and
 * a promise of the end of its last read.
 */
export function prefetch(
  count: number,
  pathOf: (i: number) => string,
  from: () => number,
): { stop: () => void; done: Promise<void> } {
  let next = 0;
  let stopped = false;
  let chains = IN_FLIGHT;
  let ended = (): void => {};
  const done = new Promise<void>((resolve) => (ended = resolve));
  const chain = (buffer: Buffer): void => {
    next = Math.max(next, from());
    if (stopped || next >= count) {
      if (--chains === 0) ended();
      return;
    }
    // Far enough ahead: look again shortly.
    if (next >= from() + AHEAD) return void setTimeout(() => chain(buffer), 5);
    // Opened as the workers open it (see openContentFile): not through a link, a regular file only.
    open(pathOf(next++), CONTENT_OPEN_FLAGS, (error, fd) => {
      if (error) return chain(buffer);
      let total = 0;
      const more = (): void =>
        read(fd, buffer, 0, CHUNK, null, (failed, bytes) => {
          total += bytes;
          if (!failed && bytes === CHUNK && total <= MAX_SEED_BYTES && !stopped) return more();
          close(fd, () => chain(buffer));
        });
      fstat(fd, (failed, stats) => (!failed && stats.isFile() ? more() : close(fd, () => chain(buffer))));
    });
  };
  for (let i = 0; i < IN_FLIGHT; i++) chain(Buffer.allocUnsafe(CHUNK));
  return {
    stop: () => {
      stopped = true;
    },
    done,
  };
}
