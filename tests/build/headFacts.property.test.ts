// Property: planning's read of a plain-text seed up to its front matter (headFacts) finds the facts
// the whole parse finds, whenever the seed is sound; and says nothing of one unsound in its head.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { headFacts } from "../../src/build/headFacts";
import { parseSeed } from "../../src/build/parseSeed";
import { seedFacts } from "../../src/build/storyOf";

/** Lines of front matter, sound or not: dates, tags, a lead photo, YAML the simple reader leaves to the parser. */
const frontLine = fc.constantFrom(
  "date: 2024-05-06",
  "date: 2024-02-30",
  "date: 2024-05-06T07:08:09.5+02:00",
  "updated: 2025-01-02T03:04:05Z",
  "updated: yesterday",
  "tags: [Politics, Économie]",
  "tags:\n  - Sport\n  - 東京",
  "title: A title from front matter",
  "image:\n  src: media/a.jpg\n  alt: A photo",
  "draft: true",
  "colour: blue",
  "date: 2024-05-06\u0001",
  "summary: 'unclosed",
  "",
);

/** Lines of a body: plain, blank, with a forbidden character, a dash rule, Unicode spaces. */
const bodyLine = fc.constantFrom(
  "Headline of the story",
  "A paragraph with “quotes” and 😀.",
  "",
  "   ",
  "\u3000\u00a0",
  "---",
  "--- ",
  "bad\u0085char",
  "tab\there",
  "x".repeat(1001),
);

const lineEnd = fc.constantFrom("\n", "\r\n", "\r");

/** A `txt` seed's bytes: maybe a BOM, maybe front matter (closed or not, its fences with spaces), a body, any line ends. */
const seed = fc
  .record({
    bom: fc.boolean(),
    open: fc.constantFrom(null, "---", "--- ", "---\u00a0", " ---"),
    front: fc.array(frontLine, { maxLength: 4 }),
    close: fc.constantFrom(null, "---", "---\t", "----"),
    body: fc.array(bodyLine, { maxLength: 5 }),
    end: lineEnd,
    crlf: fc.boolean(),
    invalid: fc.constantFrom(null, 0, 1, 2),
  })
  .map(({ bom, open, front, close, body, end, crlf, invalid }) => {
    const lines = [...(open === null ? [] : [open, ...front, ...(close === null ? [] : [close])]), ...body];
    const text = lines.join(crlf ? "\r\n" : end);
    const bytes = [...new TextEncoder().encode(`${bom ? "\uFEFF" : ""}${text}${end}`)];
    // An invalid byte somewhere: in the front matter, past it, or nowhere.
    if (invalid !== null) bytes.splice(Math.floor((bytes.length * invalid) / 2), 0, 0xff);
    return new Uint8Array(bytes);
  });

/** How many lines headFacts reads of a valid seed: the first, or up to the line that closes its front matter. */
function headLines(bytes: Uint8Array): number {
  const lines = new TextDecoder().decode(bytes).split(/\r\n|\r|\n/);
  if (lines[0]?.trimEnd() !== "---") return 1;
  const close = lines.findIndex((line, i) => i > 0 && line.trimEnd() === "---");
  return close === -1 ? lines.length : close + 1;
}

describe("headFacts", () => {
  it("finds what the whole parse finds in a sound seed, and nothing in a seed unsound up to its front matter's end", () => {
    fc.assert(
      fc.property(seed, (bytes) => {
        const whole = parseSeed("seeds/001_a.txt", bytes, "txt");
        const head = headFacts(bytes);
        if ("draft" in whole) expect(head).toEqual(seedFacts(whole.draft));
        else if (head !== null) {
          // What headFacts vouched for is sound: the problems are the body's (its headline, or a
          // character in a line past those it read).
          for (const { line, message } of whole.problems) {
            if (message.startsWith("character ")) expect(line).toBeGreaterThan(headLines(bytes));
            else expect(message).toMatch(/^(headline is|no headline|headline only)/);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("leaves every seed with front matter problems to the whole parse", () => {
    const broken = [
      "---\ndate: 2024-02-30\n---\nHeadline\nBody\n",
      "---\ndate: 2024-05-06\nHeadline\nBody\n",
      "---\ncolour: blue\n---\nHeadline\nBody\n",
      "---\ndate: 2024-05-06\u0001\n---\nHeadline\nBody\n",
      "",
    ];
    for (const text of broken) expect(headFacts(new TextEncoder().encode(text))).toBeNull();
    expect(headFacts(new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0x0a]))).toBeNull();
  });
});
