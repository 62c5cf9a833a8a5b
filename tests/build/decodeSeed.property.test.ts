// Properties: the build's fast paths (whole-text decoding, a plain scan for forbidden characters)
// agree with the plain definitions on any input.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeSeed } from "../../src/build/decodeSeed";
import { forbiddenCharacter } from "../../src/core/forbiddenCharacter";

/**
 * The definition: cut the bytes at LF, CRLF and lone CR, then decode each line
 * strictly; each line's span is where its bytes are.
 */
function decodeByLine(bytes: Uint8Array): { lines: string[]; spans: number[] } | { invalidLines: number[] } {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const pieces: [number, number][] = [];
  let from = start;
  for (let i = start; i < bytes.length; i++) {
    if (bytes[i] !== 0x0a && bytes[i] !== 0x0d) continue;
    pieces.push([from, i]);
    if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) i++;
    from = i + 1;
  }
  if (from < bytes.length) pieces.push([from, bytes.length]);
  const lines: string[] = [];
  const invalidLines: number[] = [];
  pieces.forEach(([from, to], i) => {
    try {
      lines.push(decoder.decode(bytes.subarray(from, to)));
    } catch {
      invalidLines.push(i + 1);
    }
  });
  return invalidLines.length > 0 ? { invalidLines } : { lines, spans: pieces.flat() };
}

/** The definition in XML 1.0's terms, as a regular expression. */
const FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Bytes of seeds: text with line ends of every kind, invalid sequences, a BOM now and then. */
const seedBytes = fc.oneof(
  fc.uint8Array({ maxLength: 60 }),
  fc
    .array(
      fc.oneof(
        fc.string({ unit: "grapheme", maxLength: 6 }),
        fc.constantFrom("\n", "\r\n", "\r", "\r\r\n", "\uFEFF", "é", "€", "😀"),
      ),
      { maxLength: 12 },
    )
    .chain((parts) =>
      fc
        .array(fc.constantFrom(0x80, 0xc3, 0xed, 0xff, 0xe2, 0x82), { maxLength: 2 })
        .map((bad) => new Uint8Array([...new TextEncoder().encode(parts.join("")), ...bad])),
    ),
  fc.string({ maxLength: 20 }).map((text) => new TextEncoder().encode(`\uFEFF${text}\n`)),
);

describe("decodeSeed", () => {
  it("cuts and decodes exactly as line-by-line decoding does", () => {
    fc.assert(
      fc.property(seedBytes, (bytes) => {
        expect(decodeSeed(bytes)).toEqual(decodeByLine(bytes));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("forbiddenCharacter", () => {
  it("finds the first character the XML 1.0 definition forbids, or none", () => {
    const text = fc.string({
      unit: fc.oneof(
        fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
        fc.constantFrom("\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uFFFE", "\uFFFF", "\u007F", "\u009F", "\t"),
        fc.integer({ min: 0, max: 0x20 }).map((code) => String.fromCharCode(code)),
      ),
      maxLength: 30,
    });
    fc.assert(
      fc.property(text, (value) => {
        const match = FORBIDDEN.exec(value);
        expect(forbiddenCharacter(value)?.index ?? null).toBe(match ? match.index : null);
        if (match) {
          expect(forbiddenCharacter(value)!.codePoint).toBe(
            `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`,
          );
        }
      }),
      { numRuns: 5000 },
    );
  });
});
