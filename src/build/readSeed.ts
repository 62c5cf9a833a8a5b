// Reads a seed file: the build reads a million of them, so without the fresh buffer per file
// readFileSync makes.

import { Buffer } from "node:buffer";
import { closeSync, fstatSync, readSync } from "node:fs";
import { openContentFile, RefusedFile } from "./openContentFile";
import { MAX_SEED_BYTES, tooLong } from "./parseSeed";
import type { Problem } from "./problem";

/** A buffer for one seed file and one byte more, which tells a seed over MAX_SEED_BYTES. */
const readBuffer = Buffer.allocUnsafe(MAX_SEED_BYTES + 1);

/**
 * The bytes of the seed `seed.name` of `seedsDir`, opened by openContentFile
 * (a regular file, not through a link), or why it cannot be read, as a
 * problem on its line 1. Read until the end (a second read says so) into
 * `into` (at least MAX_SEED_BYTES + 1 long; by default a buffer of this
 * module's, valid until the next call: copy what must be kept), and returned
 * as a view of it. A file too big for it is not read further: its size,
 * from the open handle, is its problem (a hostile seed may be gigabytes).
 */
export function readSeed(
  seedsDir: string,
  seed: { readonly name: string; readonly file: string },
  into: Uint8Array = readBuffer,
): Uint8Array | { problems: Problem[] } {
  if (into.length <= MAX_SEED_BYTES) throw new Error("a seed's buffer must hold MAX_SEED_BYTES + 1 bytes");
  let fd: number;
  try {
    fd = openContentFile(seedsDir, seed.name);
  } catch (error) {
    const message =
      error instanceof RefusedFile
        ? error.message
        : `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`;
    return { problems: [{ file: seed.file, line: 1, message }] };
  }
  let length = 0;
  try {
    for (let read = -1; read !== 0 && length < into.length; length += read) {
      read = readSync(fd, into, length, into.length - length, null);
    }
    return length < into.length
      ? into.subarray(0, length)
      : { problems: [tooLong(seed.file, fstatSync(fd).size)] };
  } finally {
    closeSync(fd);
  }
}
