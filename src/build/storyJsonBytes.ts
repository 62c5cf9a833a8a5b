// A story's JSON, UTF-8 encoded, with its paragraphs copied from its seed's bytes: most of a story
// is its paragraphs, and turning them from UTF-8 into JSON text and back into UTF-8 was about a
// fifth of a build worker's time (100,000 stories, profiled).

import { Buffer } from "node:buffer";
import type { Story } from "../core/types";

/** Where the paragraphs go: `"paragraphs":[]` appears there alone (see storyJsonBytes). */
const MARKER = Buffer.from('"paragraphs":[]');

/** Per byte: 1 where JSON.stringify escapes it (`"`, `\` and C0 controls), else 0. */
const ESCAPED = Uint8Array.from({ length: 256 }, (_, byte) =>
  byte < 0x20 || byte === 0x22 || byte === 0x5c ? 1 : 0,
);
/** JSON.stringify's short escapes; other controls are \u00XX. */
const SHORT: Record<number, string> = {
  0x08: "b",
  0x09: "t",
  0x0a: "n",
  0x0c: "f",
  0x0d: "r",
  0x22: '"',
  0x5c: "\\",
};
const HEX = "0123456789abcdef";

let text = Buffer.allocUnsafeSlow(1 << 16);
let out = Buffer.allocUnsafeSlow(1 << 16);

/**
 * `utf8Bytes(JSON.stringify(story))`, byte for byte, where the UTF-8 bytes of
 * `story.paragraphs[i]` are `bytes` from `spans[2i]` to `spans[2i + 1]`. The
 * rest of the story is stringified with no paragraphs, and they are copied
 * into its `"paragraphs":[]`: that text occurs there alone, since inside a
 * JSON string every `"` is escaped, and the keys before it are id, number,
 * guid, title and slug. The paragraphs hold no C0 control but tab (parseSeed
 * refuses the others, forbiddenCharacter, and cuts lines at CR and LF): one
 * with none of `"`, `\` and tab is copied as it is. The bytes returned are
 * scratch memory, overwritten by the next call: a fresh buffer for each story
 * took a quarter of this function's time (memory touched for the first time).
 */
export function storyJsonBytes(story: Story, bytes: Uint8Array, spans: readonly number[]): Uint8Array {
  const rest = JSON.stringify({ ...story, paragraphs: [] });
  if (3 * rest.length > text.length) text = Buffer.allocUnsafeSlow(3 * rest.length);
  const restLength = text.write(rest, "utf8");
  // The first occurrence, so within the rest's bytes (the scratch beyond is stale).
  const marker = text.indexOf(MARKER);
  if (marker < 0 || marker + MARKER.length > restLength)
    throw new Error(`story ${story.id}: no paragraphs key`);
  const at = marker + MARKER.length - 1;
  // At most 6 bytes (\u00XX) for each byte of a paragraph, and 3 (two quotes and a comma) for each.
  let size = restLength;
  for (let i = 0; i < spans.length; i += 2) size += 6 * (spans[i + 1]! - spans[i]!) + 3;
  if (size > out.length) out = Buffer.allocUnsafeSlow(Math.max(size, 2 * out.length));
  text.copy(out, 0, 0, at);
  let length = at;
  const seed = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Where the next `"`, `\` and tab are in the seed (its length: none left): memchr over the file,
  // a few times a story, where a loop over every byte took longer than encoding the text did.
  let quote = -1;
  let backslash = -1;
  let tab = -1;
  for (let i = 0; i < spans.length; i += 2) {
    const from = spans[i]!;
    const to = spans[i + 1]!;
    if (i > 0) out[length++] = 0x2c;
    out[length++] = 0x22;
    if (quote < from) quote = nextAt(seed, 0x22, from);
    if (backslash < from) backslash = nextAt(seed, 0x5c, from);
    if (tab < from) tab = nextAt(seed, 0x09, from);
    if (quote >= to && backslash >= to && tab >= to) {
      length += seed.copy(out, length, from, to);
    } else length = escaped(seed, from, to, length);
    out[length++] = 0x22;
  }
  length += text.copy(out, length, at, restLength);
  return out.subarray(0, length);
}

/** Where `byte` next is in `bytes` from `from`, or the length of `bytes`. */
function nextAt(bytes: Buffer, byte: number, from: number): number {
  const at = bytes.indexOf(byte, from);
  return at === -1 ? bytes.length : at;
}

/** Writes bytes `from` to `to` of `bytes` into `out` at `length`, escaped as in a JSON string; the new length. */
function escaped(bytes: Buffer, from: number, to: number, length: number): number {
  let run = from;
  for (let i = from; i < to; i++) {
    const byte = bytes[i]!;
    if (ESCAPED[byte] === 0) continue;
    length += bytes.copy(out, length, run, i);
    run = i + 1;
    out[length++] = 0x5c;
    const short = SHORT[byte];
    if (short !== undefined) out[length++] = short.charCodeAt(0);
    else {
      out[length++] = 0x75;
      out[length++] = 0x30;
      out[length++] = 0x30;
      out[length++] = HEX.charCodeAt(byte >> 4);
      out[length++] = HEX.charCodeAt(byte & 15);
    }
  }
  return length + bytes.copy(out, length, run, to);
}
