// A file of JSON values that a reader can take one at a time: JSON Lines whose first line is the
// byte offsets of the others, so reading one value decodes and parses only its own bytes, not the
// whole file (a chunk is 200 stories, about 1 MB; a feed or a permalink wants a few of them).
//
//   line 0:      JSON array of n + 1 numbers: where each value's line starts, and where the last
//                ends, in bytes counted from the start of line 1
//   lines 1..n:  the values' JSON (JSON.stringify writes no line break: it escapes them)

const decoder = new TextDecoder();

const encoder = new TextEncoder();

/** Line 0 of a file whose lines 1..n start at `starts` (and the last ends at its last number), with its line break. */
export function offsetsLine(starts: readonly number[]): Uint8Array {
  return encoder.encode(`${JSON.stringify(starts)}\n`);
}

/** The file holding these values, given as the UTF-8 bytes of their JSON (each without a line break). */
export function joinJsonLines(lines: readonly Uint8Array[]): Uint8Array {
  const starts = [0];
  let at = 0;
  for (const line of lines) starts.push((at += line.length + 1));
  const header = offsetsLine(starts);
  const file = new Uint8Array(header.length + at);
  file.set(header);
  let offset = header.length;
  for (const line of lines) {
    file.set(line, offset);
    file[offset + line.length] = 0x0a;
    offset += line.length + 1;
  }
  return file;
}

/** The values of a file made by joinJsonLines, parsed one at a time, on demand. */
export interface JsonLines<T> {
  readonly count: number;
  /** Value `i` (0-based), parsed anew on every call; undefined past the last. */
  at(i: number): T | undefined;
  /** The bytes of the file (what a cache holding it weighs). */
  readonly byteLength: number;
}

/** Reads the file in `bytes` (made by joinJsonLines); throws when its offsets line is not sound. */
export function readJsonLines<T>(bytes: Uint8Array): JsonLines<T> {
  const newline = bytes.indexOf(0x0a);
  if (newline < 0) throw new Error("no offsets line");
  const starts: unknown = JSON.parse(decoder.decode(bytes.subarray(0, newline)));
  const body = newline + 1;
  const sound =
    Array.isArray(starts) &&
    starts.length > 0 &&
    starts[0] === 0 &&
    starts.every((n, i) => Number.isInteger(n) && (i === 0 || n > starts[i - 1])) &&
    body + starts.at(-1) === bytes.length;
  if (!sound) throw new Error("offsets line does not match the file");
  const offsets = starts as number[];
  return {
    count: offsets.length - 1,
    byteLength: bytes.byteLength,
    at(i) {
      if (!(i >= 0 && i < offsets.length - 1)) return undefined;
      // The line without its line break.
      return JSON.parse(decoder.decode(bytes.subarray(body + offsets[i]!, body + offsets[i + 1]! - 1))) as T;
    },
  };
}
