// Property: the front matter the build reads without a YAML parser is read exactly as YAML reads it
// (or left to YAML), for any block of lines.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { simpleMapping, splitFrontMatter } from "../../src/build/frontMatter";

/** Pieces of values, tricky for YAML: numbers, booleans, nulls, indicators, quotes, Unicode. */
const piece = fc.constantFrom(
  "World",
  "Économie",
  "Asia & Pacific",
  "3",
  "3 killed",
  "0x1F",
  "1e3",
  ".5",
  ".inf",
  "-1",
  "+2",
  "true",
  "True",
  "FALSE",
  "null",
  "~",
  "yes",
  "no",
  "on",
  "2026-03-01",
  "2026-03-01T10:00:00Z",
  "2026-03-01T10:00:00+02:00",
  "2026-3-1",
  "a: b",
  "a #b",
  "#c",
  "&anchor",
  "*alias",
  "!tag",
  "|",
  ">",
  "'q'",
  '"q"',
  "x'y",
  "it’s",
  "a,b",
  "[a]",
  "{a: b}",
  "a - b",
  "- a",
  "?",
  "%",
  "@",
  "`",
  "e\u0301",
  "東京",
  "a  b",
  " ",
  "",
  "O'Neil",
  "(x)",
  "a/b",
  "c++",
  "\u00a0",
  "\t",
);
/** Words as seeds mostly hold them. */
const word = fc.constantFrom(
  "Budget",
  "talks",
  "São",
  "Paulo",
  "Zürich",
  "O’Neil",
  "non‑proliferation",
  "R&D",
  "x2",
);
const part = fc.oneof({ arbitrary: word, weight: 6 }, { arbitrary: piece, weight: 1 });
const value = fc.oneof(
  fc.array(part, { minLength: 1, maxLength: 3 }).map((parts) => parts.join(" ")),
  fc
    .array(
      fc.array(piece, { minLength: 1, maxLength: 2 }).map((p) => p.join(" ")),
      { maxLength: 4 },
    )
    .map((items) => `[${items.join(fc.sample(fc.constantFrom(", ", ",", " , "), 1)[0])}]`),
  piece,
);
const key = fc.oneof(
  { arbitrary: fc.constantFrom("title", "date", "tags", "draft", "author", "summary"), weight: 8 },
  { arbitrary: fc.constantFrom("Title", "x-y", "unknown", "tags"), weight: 1 },
);
const line = fc.oneof(
  { arbitrary: fc.tuple(key, value).map(([k, v]) => `${k}: ${v}`), weight: 12 },
  { arbitrary: fc.tuple(key, value).map(([k, v]) => `${k}:${v}`), weight: 1 },
  { arbitrary: fc.tuple(key, value).map(([k, v]) => `${k}: ${v} `), weight: 1 },
  { arbitrary: fc.constantFrom("", "# comment", "  nested: x", "- item", "title: a: b"), weight: 1 },
);

describe("front matter read without YAML", () => {
  it("reads exactly what YAML reads, or leaves the block to YAML", () => {
    let simple = 0;
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), (lines) => {
        const read = simpleMapping(lines);
        if (read === null) return;
        simple++;
        const doc = parseDocument(lines.join("\n"), {
          schema: "core",
          uniqueKeys: true,
          prettyErrors: false,
        });
        expect(doc.errors, lines.join("\n")).toEqual([]);
        expect(Object.fromEntries(read), lines.join("\n")).toEqual(doc.toJS());
        expect(read.map(([k]) => k)).toEqual(Object.keys(doc.toJS()));
      }),
      { numRuns: 20_000 },
    );
    // Not vacuous: many blocks were simple.
    expect(simple).toBeGreaterThan(1000);
  });

  it("reports the same problems, on the same lines, either way", () => {
    const seed = [
      "---",
      "title: Budget talks",
      "date: 2026-02-30",
      "tags: [World, Économie]",
      "colour: blue",
      "---",
      "Body",
    ];
    const fast = splitFrontMatter(seed);
    // The same block with a comment line, which only YAML reads.
    const slow = splitFrontMatter([...seed.slice(0, 5), "# a comment", ...seed.slice(5)]);
    expect(fast.problems).toEqual(slow.problems);
    expect(fast.problems.map((p) => p.line)).toEqual([3, 5]);
    expect(fast.frontMatter).toEqual(slow.frontMatter);
    expect(fast.frontMatter.tags).toEqual(["World", "Économie"]);
  });
});
