// Reads a seed file: the build reads a million of them, so without the stat readFileSync makes.

import { Buffer } from "node:buffer";
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { MAX_SEED_BYTES } from "./parseSeed";

/** A buffer for one seed file: a seed over MAX_SEED_BYTES is read whole, to report its size. */
const readBuffer = Buffer.allocUnsafe(MAX_SEED_BYTES + 1);

/**
 * The bytes of the file at `path`: open, read until the end (a second read
 * says so) and close, without readFileSync's stat and fresh buffer per file.
 * The bytes are valid until the next call: copy what must be kept.
 */
export function readSeed(path: string): Uint8Array {
  const fd = openSync(path, "r");
  let length = 0;
  try {
    for (let read = -1; read !== 0 && length < readBuffer.length; length += read) {
      read = readSync(fd, readBuffer, length, readBuffer.length - length, null);
    }
  } finally {
    closeSync(fd);
  }
  return length < readBuffer.length ? readBuffer.subarray(0, length) : readFileSync(path);
}
