// Properties: a story's JSON made with its paragraphs copied from its seed's bytes is byte for byte
// the JSON.stringify of the story; chunk files built line by line are those joinJsonLines makes.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeStory } from "../../src/build/archiveFiles";
import { JsonLinesBuilder } from "../../src/build/jsonLinesBuilder";
import { parseSeed } from "../../src/build/parseSeed";
import { storyOf } from "../../src/build/storyOf";
import { utf8Bytes } from "../../src/build/utf8Bytes";
import { joinJsonLines } from "../../src/core/jsonLines";

/** Text with what JSON escapes, what trim() removes, other scripts (any grapheme now and then). */
const lineText = fc.string({
  unit: fc.oneof(
    { weight: 6, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }) },
    {
      weight: 4,
      arbitrary: fc.constantFrom('"', "\\", "\t", " ", "\u3000", "\u00a0", "\uFEFF", "\u2028", "\u2029"),
    },
    { weight: 2, arbitrary: fc.constantFrom("é", "東京", "😀", "–", "\u2011", "/", "<") },
  ),
  maxLength: 30,
});

const seedBytes = fc
  .record({
    bom: fc.boolean(),
    title: fc.option(fc.constantFrom("From front matter", 'Quoted "title" \\ here'), { nil: undefined }),
    lines: fc.array(lineText, { minLength: 1, maxLength: 8 }),
    end: fc.constantFrom("\n", "\r\n", "\r"),
  })
  .map(({ bom, title, lines, end }) => {
    const front = title === undefined ? "" : `---${end}title: ${JSON.stringify(title)}${end}---${end}`;
    return new TextEncoder().encode(`${bom ? "\uFEFF" : ""}${front}${lines.join(end)}${end}`);
  });

const seed = {
  name: "001_story.txt",
  seq: 0,
  number: 1,
  id: "story",
  format: "txt" as const,
  published: "2024-01-02T03:04:05Z",
  updated: "2024-01-02T03:04:05Z",
};

describe("encodeStory from the seed's bytes", () => {
  it("is utf8Bytes(JSON.stringify(story)) for every seed parseSeed accepts", () => {
    let accepted = 0;
    fc.assert(
      fc.property(seedBytes, (bytes) => {
        const parsed = parseSeed(seed.name, bytes);
        if (!("draft" in parsed)) return;
        accepted++;
        const spans = parsed.draft.paragraphBytes!;
        const story = storyOf(seed, parsed.draft, new Map());
        const expected = Buffer.from(utf8Bytes(JSON.stringify(story)));
        const made = encodeStory(story, { bytes, spans });
        expect(Buffer.from(made.json).toString()).toBe(expected.toString());
        expect(made.digest).toBe(encodeStory(story).digest);
      }),
      { numRuns: 3000 },
    );
    // Most runs make a story: the property is not vacuous.
    expect(accepted).toBeGreaterThan(1000);
  });

  it("finds the paragraphs' place whatever the headline holds", () => {
    const bytes = new TextEncoder().encode('A "paragraphs":[] headline\nIts "paragraphs":[] text\\\n');
    const parsed = parseSeed(seed.name, bytes);
    if (!("draft" in parsed)) throw new Error("no draft");
    const story = storyOf(seed, parsed.draft, new Map());
    const json = encodeStory(story, { bytes, spans: parsed.draft.paragraphBytes! }).json;
    expect(JSON.parse(Buffer.from(json).toString())).toEqual(JSON.parse(JSON.stringify(story)));
    expect(Buffer.from(json).toString()).toBe(JSON.stringify(story));
  });
});

describe("JsonLinesBuilder", () => {
  it("makes, file after file, what joinJsonLines makes of the same lines", () => {
    const line = fc.jsonValue().map((value) => utf8Bytes(JSON.stringify(value) ?? "null"));
    fc.assert(
      fc.property(fc.array(fc.array(line, { maxLength: 30 }), { minLength: 1, maxLength: 4 }), (files) => {
        const builder = new JsonLinesBuilder();
        for (const lines of files) {
          for (const bytes of lines) builder.add(bytes);
          expect(builder.count).toBe(lines.length);
          expect(Buffer.from(builder.file())).toEqual(Buffer.from(joinJsonLines(lines)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("grows past its first buffer", () => {
    const lines = Array.from({ length: 40 }, (_, i) => utf8Bytes(JSON.stringify("x".repeat(5000 + i))));
    const builder = new JsonLinesBuilder();
    for (const bytes of lines) builder.add(bytes);
    expect(Buffer.from(builder.file())).toEqual(Buffer.from(joinJsonLines(lines)));
  });
});
