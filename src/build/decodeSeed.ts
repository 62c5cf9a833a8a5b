// Turns a seed's bytes into lines of text, accepting BOM and any line ends, refusing invalid UTF-8.

import { Buffer, isUtf8, transcode } from "node:buffer";

/**
 * The decoded lines and where each one's bytes are in the file (start, end
 * offsets, flat), or the 1-based numbers of the lines that are not valid UTF-8.
 */
export type DecodedSeed = { lines: string[]; spans: number[] } | { invalidLines: number[] };

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Splits on LF, CRLF and lone CR, strips one leading UTF-8 BOM and decodes
 * strictly: the whole text is validated at once, then decoded (whole and cut
 * at each LF when it has no CR, else line by line); when the text is not valid
 * UTF-8, each line is validated too, so each encoding error is reported with
 * its line. (In UTF-8 the bytes of CR and LF are never part of another
 * character, so cutting bytes or text cuts the same lines.)
 */
export function decodeSeed(bytes: Uint8Array): DecodedSeed {
  const start = textStart(bytes);
  const body = bytes.subarray(start);
  // isUtf8 and toString are Node's SIMD validator and decoder: several times the fatal
  // TextDecoder's speed, with the same verdict (WHATWG UTF-8: no overlongs, no surrogates).
  if (!isUtf8(body)) return byLine(bytes, start);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lines: string[] = [];
  const spans: number[] = [];
  // transcode needs ICU, in every official Node build: a Node built without it takes this path too.
  if (buffer.indexOf(0x0d, start) !== -1 || typeof transcode !== "function") {
    // Each line decoded apart, not cut out of the whole text: a string cut out of another is read
    // a third slower by everything that reads the story character by character (its search terms).
    eachLine(buffer, start, (from, to) => {
      lines.push(buffer.toString("utf8", from, to));
      spans.push(from, to);
    });
    return { lines, spans };
  }
  eachLine(buffer, start, (from, to) => {
    spans.push(from, to);
  });
  // No CR (most seeds): the text is converted to UTF-16 at once by ICU, and each line copied out of
  // that, in half the time V8's UTF-8 decoder takes (seeds in many scripts: 2.0 ns a byte against
  // 3.7); lines end at the same LFs.
  const units = transcode(body, "utf8", "ucs2");
  let from = 0;
  for (let to = units.indexOf("\n", 0, "ucs2"); to !== -1; to = units.indexOf("\n", from, "ucs2")) {
    lines.push(units.toString("ucs2", from, to));
    from = to + 2;
  }
  if (from < units.length) lines.push(units.toString("ucs2", from));
  return { lines, spans };
}

/** Where a seed's text starts: past one leading UTF-8 BOM. */
export function textStart(bytes: Uint8Array): number {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

/** The lines of `bytes` from `start`, each decoded apart: where the invalid ones are. */
function byLine(bytes: Uint8Array, start: number): DecodedSeed {
  const lines: string[] = [];
  const spans: number[] = [];
  const invalidLines: number[] = [];
  eachLine(bytes, start, (from, to) => {
    try {
      lines.push(decoder.decode(bytes.subarray(from, to)));
      spans.push(from, to);
    } catch {
      invalidLines.push(lines.length + invalidLines.length + 1);
    }
  });
  return invalidLines.length > 0 ? { invalidLines } : { lines, spans };
}

/**
 * Hands `take` where each line of `bytes` from `start` begins and ends (LF,
 * CRLF and lone CR end lines; a final line break ends the last line, it does
 * not start another), until `take` returns false. A Buffer's indexOf is
 * memchr: pass one for speed.
 */
export function eachLine(
  bytes: Uint8Array,
  start: number,
  take: (from: number, to: number) => boolean | void,
): void {
  let from = start;
  if (bytes.indexOf(0x0d, start) === -1) {
    // No CR (most seeds): each LF found by indexOf, far faster than a loop over the bytes.
    for (let to = bytes.indexOf(0x0a, from); to !== -1; to = bytes.indexOf(0x0a, from)) {
      if (take(from, to) === false) return;
      from = to + 1;
    }
  } else {
    for (let i = start; i < bytes.length; i++) {
      const byte = bytes[i];
      if (byte !== 0x0a && byte !== 0x0d) continue;
      if (take(from, i) === false) return;
      if (byte === 0x0d && bytes[i + 1] === 0x0a) i++;
      from = i + 1;
    }
  }
  if (from < bytes.length) take(from, bytes.length);
}
