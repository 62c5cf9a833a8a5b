// Encodes a large JSON array as UTF-8 value by value, for the build's index and list files.

import { Buffer } from "node:buffer";

/** Where the arrays are encoded, grown as needed and kept: its memory is touched once per build. */
let scratch = Buffer.allocUnsafeSlow(1 << 20);

/**
 * The UTF-8 bytes of `JSON.stringify(values)`, in a buffer of their own. Each
 * value is stringified alone and written after the others: JSON.stringify of
 * the whole array builds a string of many parts (a cons string), which writing
 * it first copies into one flat string, twice the file's size in UTF-16, then
 * into UTF-8, each in memory fresh from the system (at 100,000 stories, the
 * main thread's writes of its files, most of them 200 index and list files of
 * about 300 KB, took some 2 s of CPU, profiled; a fifth of it page faults).
 */
export function jsonArrayBytes(values: readonly unknown[]): Uint8Array<ArrayBuffer> {
  let at = 0;
  const put = (text: string): void => {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (at + 3 * text.length > scratch.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(2 * scratch.length, at + 3 * text.length));
      scratch.copy(grown, 0, 0, at);
      scratch = grown;
    }
    at += scratch.write(text, at, "utf8");
  };
  put("[");
  for (let i = 0; i < values.length; i++) {
    if (i > 0) put(",");
    // As JSON.stringify writes an array's hole or undefined (or function, or symbol) value.
    put(JSON.stringify(values[i]) ?? "null");
  }
  put("]");
  return Uint8Array.prototype.slice.call(scratch, 0, at) as Uint8Array<ArrayBuffer>;
}
