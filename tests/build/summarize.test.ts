import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { summarize } from "../../src/build/summarize";

/** The definition: the first 299 code points (Array.from), cut at a word when that keeps half. */
function summarizeByDefinition(paragraph: string): string {
  if (paragraph.length <= 300) return paragraph;
  const head = Array.from(paragraph).slice(0, 299).join("");
  const atWord = head.replace(/\s+\S*$/, "");
  return `${(atWord.length >= 150 ? atWord : head).replace(/[\s,;:.\u2013\u2014-]+$/, "")}…`;
}

describe("summarize", () => {
  it("keeps a short paragraph whole", () => {
    expect(summarize("Short and sweet.")).toBe("Short and sweet.");
  });

  it("cuts a long paragraph at a word boundary with an ellipsis, under 300 characters", () => {
    const long = "word ".repeat(100).trim();
    const summary = summarize(long);
    expect(summary.length).toBeLessThanOrEqual(300);
    expect(summary.endsWith("word…")).toBe(true);
  });

  it("never splits a surrogate pair", () => {
    const summary = summarize("🦄".repeat(400));
    expect(summary).toBe(`${"🦄".repeat(299)}…`);
  });

  it("keeps the whole head when the last word break starts before its middle, though it ends past it", () => {
    const paragraph = `${"a".repeat(140)}${" ".repeat(20)}${"b".repeat(200)}`;
    expect(summarize(paragraph)).toBe(summarizeByDefinition(paragraph));
    expect(summarize(paragraph)).toBe(`${paragraph.slice(0, 299)}…`);
  });

  it("cuts where the definition cuts, whatever the mix of pairs, lone surrogates and spaces", () => {
    // Pieces that put pairs, lone halves and word breaks on both sides of the 299th code point.
    const piece = fc.constantFrom(
      ...["a", "word", " ", ", ", "—", "–", "-", ";", ":", "🦄", "\ud83e", "\udd84", "é", "\u3000", "."],
      // Every unit \s matches, and neighbours of their ranges that it does not.
      ...["\t", "\n", "\v", "\f", "\r", "\u00a0", "\u1680", "\u2000", "\u200a", "\u200b", "\u2028", "\u2029"],
      ...["\u202f", "\u205f", "\ufeff", "\u0085", "\u180e", "\u001f", "!", "\u2012", "\u2015"],
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 150, maxLength: 400 }), (pieces) => {
        const paragraph = pieces.join("");
        expect(summarize(paragraph)).toBe(summarizeByDefinition(paragraph));
      }),
      { numRuns: 2000 },
    );
  });
});
