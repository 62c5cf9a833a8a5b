// Reads a seed file: the build reads a million of them, so without the stat readFileSync makes.

import { Buffer } from "node:buffer";
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { MAX_SEED_BYTES } from "./parseSeed";

/** A buffer for one seed file: a seed over MAX_SEED_BYTES is read whole, to report its size. */
const readBuffer = Buffer.allocUnsafe(MAX_SEED_BYTES + 1);

/**
 * The bytes of the file at `path`: open, read until the end (a second read
 * says so) and close, without readFileSync's stat and fresh buffer per file.
 * They are read into `into` (at least MAX_SEED_BYTES + 1 long; by default a
 * buffer of this module's, valid until the next call: copy what must be
 * kept), and returned as a view of it; a file too big for it, read whole into
 * a buffer of its own.
 */
export function readSeed(path: string, into: Uint8Array = readBuffer): Uint8Array {
  if (into.length <= MAX_SEED_BYTES) throw new Error("a seed's buffer must hold MAX_SEED_BYTES + 1 bytes");
  const fd = openSync(path, "r");
  let length = 0;
  try {
    for (let read = -1; read !== 0 && length < into.length; length += read) {
      read = readSync(fd, into, length, into.length - length, null);
    }
  } finally {
    closeSync(fd);
  }
  return length < into.length ? into.subarray(0, length) : readFileSync(path);
}
