import { describe, expect, it } from "vitest";
import { joinJsonLines, readJsonLines } from "../../src/core/jsonLines";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("JSON lines with offsets", () => {
  it("gives back each value alone, whatever characters the values hold", () => {
    const values = [
      { id: "a", text: "plain" },
      { id: "b", text: "Économie, 日本語, emoji 🗞️, line\nbreak, U+2028 \u2028 and U+2029 \u2029" },
      { id: "c", text: 'non\u2011breaking hyphen, NBSP\u00a0, quote " and backslash \\' },
      [],
      "a string",
      42,
    ];
    const file = joinJsonLines(values.map((value) => bytes(JSON.stringify(value))));
    const lines = readJsonLines(file);
    expect(lines.count).toBe(values.length);
    expect(Array.from({ length: lines.count }, (_, i) => lines.at(i))).toEqual(values);
    expect(lines.at(values.length)).toBeUndefined();
    expect(lines.at(-1)).toBeUndefined();
    // One line per value after the offsets: a JSON Lines file too.
    expect(
      text(file)
        .split("\n")
        .slice(1, -1)
        .map((line) => JSON.parse(line)),
    ).toEqual(values);
  });

  it("holds no values when given none", () => {
    const lines = readJsonLines(joinJsonLines([]));
    expect(lines.count).toBe(0);
    expect(lines.at(0)).toBeUndefined();
  });

  it("refuses a file whose offsets do not describe it", () => {
    const good = text(joinJsonLines([bytes('{"a":1}'), bytes('{"b":2}')]));
    expect(() => readJsonLines(bytes(good))).not.toThrow();
    for (const bad of [
      good.slice(0, -1), // cut short
      `${good}{}\n`, // longer than its offsets say
      good.replace("[0,", "[1,"),
      good.replace(/^\[[^\]]*\]/, "[0,8,8]"),
      good.replace(/^\[[^\]]*\]/, '[0,"8",16]'),
      good.replace(/^\[[^\]]*\]/, "{}"),
      "no offsets line",
    ]) {
      expect(() => readJsonLines(bytes(bad)), bad).toThrow();
    }
  });
});
