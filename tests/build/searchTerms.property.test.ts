// The index and a query read a text alike: for any Unicode text, the terms the build's tokenizer
// (the one the index is written with) extracts are exactly the terms of a search for that text,
// and of the search the site redirects it to.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { memoizedSearchTerms } from "../../src/build/searchIndex";
import { snippet } from "../../src/core/search/snippet";
import { isSeparator, searchTerms, wordRuns, words } from "../../src/core/search/searchTerms";
import { MAX_QUERY_TERMS, searchQuery } from "../../src/worker/searchQuery";

/** The terms of a search for `text`, and of the search its canonical URL makes. */
function queryTerms(text: string): { terms: readonly string[]; canonical: readonly string[]; cut: boolean } {
  const { query, canonical } = searchQuery(new URLSearchParams({ q: text }));
  const again = searchQuery(new URLSearchParams(canonical.slice(1))).query;
  return { terms: query.terms, canonical: again.terms, cut: query.cut };
}

/** The pieces of `text` between separators, as the build's tokenizer cuts it. */
function piecesOf(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && !isSeparator(text.charCodeAt(i))) continue;
    pieces.push(text.slice(start, i));
    start = i + 1;
  }
  return pieces;
}

/**
 * Pieces that put context-sensitive folding to the test: Greek capitals with Σ
 * at a word's end or before punctuation a case rule skips (`.`, `'`, `:`,
 * U+2019, U+00B7), the dotted capital I (whose lower case adds a combining
 * mark), letters NFKD spells as several (`ﬁ`, `㎒`, `ǅ`, `½`, U+FDFA),
 * letters whose lower case is another block (Kelvin, Ohm, Ångström signs,
 * Roman numerals, circled letters, Cherokee), combining marks alone or after
 * a separator, and separators of every kind.
 */
const PIECES = [
  "Α",
  "Σ",
  "Β",
  "ΟΔΟΣ",
  "οδος",
  "σ",
  "ς",
  "ΣΑΣ",
  "Σ\u0301",
  "İ",
  "İstanbul",
  "ı",
  "I",
  "i",
  "ﬁ",
  "㎒",
  "ǅ",
  "Ǆ",
  "½",
  "⑴",
  "\ufdfa",
  "\u212a",
  "\u2126",
  "\u212b",
  "Ⅻ",
  "ⅻ",
  "Ⓐ",
  "Ꭰ",
  "ꭰ",
  "ẞ",
  "ß",
  "ŉ",
  "ǰ",
  "\u0345",
  "\u0301",
  "\u0307",
  "\u0338",
  "=",
  ".",
  "'",
  ":",
  "-",
  "^",
  "`",
  " ",
  "\t",
  "\u0000",
  "\u00a0",
  "\u00ad",
  "\u00b7",
  "\u2019",
  "\u200b",
  "\u200d",
  "\u2028",
  "\u3000",
  "\ufeff",
  "Talks",
  "running",
  "the",
  "x".repeat(39),
  "x".repeat(40),
];

const texts = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc
    .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: "binary", maxLength: 3 })), {
      maxLength: 10,
    })
    .map((parts) => parts.join("")),
);

describe("the index and a query read text alike", () => {
  it("reads ΑΣ.Β as the index does: the Σ before a full stop is the Σ at a word's end", () => {
    const index = memoizedSearchTerms()("ΑΣ.Β");
    expect(queryTerms("ΑΣ.Β").terms).toEqual(index);
    expect(queryTerms("ασ.β").terms).toEqual(index);
    expect(queryTerms("ας").terms).toEqual(memoizedSearchTerms()("ΑΣ"));
  });

  it("marks in an excerpt the words the index found, however NFKD spells them", () => {
    const terms = new Set(searchTerms("10km appletm"));
    expect(
      snippet("The race is 10㎞ long, said Apple™.", terms)?.filter((segment) => segment.marked),
    ).toEqual([
      { text: "10㎞", marked: true },
      { text: "Apple™", marked: true },
    ]);
  });

  it("finds every term the index extracts from a text by a query of that text, and no other", () => {
    // One tokenizer for the whole run, as a build has: its memory of pieces met is tested too.
    const index = memoizedSearchTerms();
    fc.assert(
      fc.property(texts, (text) => {
        const extracted = index(text);
        expect(piecesOf(text).flatMap(words)).toEqual(words(text));
        expect([...wordRuns(text)].flatMap((run) => words(run[0]))).toEqual(words(text));
        expect(memoizedSearchTerms()(text)).toEqual(extracted);
        expect(searchTerms(text)).toEqual(extracted);
        const distinct = [...new Set(extracted)];
        const { terms, canonical, cut } = queryTerms(text);
        expect(canonical).toEqual(terms);
        if (!cut) expect(terms).toEqual(distinct);
        else {
          // Cut to its first characters or words: still only terms the index holds for the text.
          expect(distinct).toEqual(expect.arrayContaining([...terms]));
          expect(terms.length).toBeLessThanOrEqual(MAX_QUERY_TERMS);
        }
      }),
      { numRuns: 5000, examples: [["ΑΣ.Β"], ["ΟΔΟΣ'Α"], ["İ.Σ"]] },
    );
  });
});
