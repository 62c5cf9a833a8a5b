// The search index's layout: a word in a large share of the stories gets a file of its own, so a
// rare word's shard stays small; queries read only the files their words need.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { memoizedSearchTerms, searchIndex } from "../../src/build/searchIndex";
import { searchTerms } from "../../src/core/search/searchTerms";
import {
  MAX_SUMMARY_FILES,
  POSTINGS_FORM,
  readPostings,
  shardEntries,
  type Postings,
  shardOf,
  shardPath,
  summaryBlock,
  termPath,
} from "../../src/core/search/indexFormat";
import { createSearchEngine } from "../../src/worker/searchEngine";
import { searchQuery } from "../../src/worker/searchQuery";
import { makeStories, viewOf } from "../fixtures/stories";

describe("search index layout", () => {
  it("gives a word in every story its own file and keeps shards small; a rare query reads one small shard", async () => {
    // A word in every story: a nibble each (the stories without it listed: none), over half a shard
    // (24 KiB) from about 49,000 stories on.
    const count = 60_000;
    const stories = makeStories(count, (n) => ({
      title: `Harbour bulletin ${n}`,
      paragraphs: [`The harbour office reports calm water. Dateline zq${n.toString(36)}x.`],
      summary: "The harbour office reports calm water.",
    }));
    const index = searchIndex(stories);
    expect(index.manifest.large).toEqual(expect.arrayContaining(["harbour", "bulletin", "offic"]));
    expect(index.files.has(termPath("harbour").slice(1))).toBe(true);
    for (let n = 0; n < index.manifest.shards; n++) {
      expect((index.files.get(shardPath(n).slice(1)) as Uint8Array).byteLength).toBeLessThan(48 * 1024);
    }

    const read: string[] = [];
    let bytes = 0;
    const files = {
      ...index.manifest,
      load: async (path: string) => {
        read.push(path);
        const file = index.files.get(path.slice(1))!;
        const data = typeof file === "string" ? new TextEncoder().encode(file) : file;
        bytes += data.byteLength;
        return data;
      },
    };
    const engine = createSearchEngine(files, count, 8 * 1024 * 1024);
    const view = await viewOf(stories, Date.parse("2300-01-01T00:00:00Z")); // after the newest of 60,000 daily stories
    const rare = `zq${(1234).toString(36)}x`;
    const found = await engine.search(view, searchQuery(new URLSearchParams({ q: rare })).query, 10);
    expect(found.total).toBe(1);
    expect((await view.entries(found.ordinals))[0]!.title).toBe("Harbour bulletin 1234");
    expect(read).toEqual([shardPath(shardOf(rare, index.manifest.shards))]);
    expect(bytes).toBeLessThan(48 * 1024);

    const common = await engine.search(
      view,
      searchQuery(new URLSearchParams({ q: "harbour calm" })).query,
      10,
    );
    expect(common.total).toBe(count);
    expect(common.ordinals).toHaveLength(10);
    expect(read).toContain(termPath("harbour"));
  });
});

describe("postings forms", () => {
  it("writes a word in nearly every story as the stories without it, one in many as a bitmap, a rare one as deltas, and all read back exactly", () => {
    // "every" in every story, "harbour" in all but one in fifty, "third" in one in three, "twentieth"
    // in one in twenty, a dateline word in one.
    const count = 600;
    const stories = makeStories(count, (n) => ({
      title: `Report ${n}`,
      paragraphs: [
        `Every day. ${n % 50 !== 7 ? "Harbour. " : ""}${n % 3 === 0 ? "Third. " : ""}${n % 20 === 0 ? "Twentieth. " : ""}Dateline zq${n.toString(36)}x.`,
      ],
    }));
    const index = searchIndex(stories);
    const forms = new Map<string, number>();
    const postings = new Map<string, Postings>();
    for (const [path, file] of index.files) {
      if (!path.startsWith("_search/t/") && !path.startsWith("_search/w/")) continue;
      const bytes = file as Uint8Array;
      const terms = new Set<string>();
      for (const entry of shardEntries(bytes)) {
        forms.set(entry.term, entry.form);
        terms.add(entry.term);
      }
      for (const [term, list] of readPostings(bytes, terms)) postings.set(term, list);
    }
    expect(forms.get("everi")).toBe(POSTINGS_FORM.COMPLEMENT);
    expect(forms.get("harbour")).toBe(POSTINGS_FORM.COMPLEMENT);
    expect(forms.get("third")).toBe(POSTINGS_FORM.DENSE);
    expect(forms.get("twentieth")).toBe(POSTINGS_FORM.SPARSE);
    expect(forms.get(`zq${(17).toString(36)}x`)).toBe(POSTINGS_FORM.SPARSE);
    // Every term lists exactly the docs (ordinals, oldest first) whose text has it.
    const oldestFirst = [...stories].reverse();
    const termsOf = oldestFirst.map(
      (story) => new Set(searchTerms([story.title, ...story.paragraphs].join("\n"))),
    );
    for (const [term, list] of postings) {
      const expected = termsOf.flatMap((terms, doc) => (terms.has(term) ? [doc] : []));
      expect([...list.docs], term).toEqual(expected);
      expect(list.weights.every((weight) => weight >= 1)).toBe(true);
    }
    // Same words, same weight, in every form: stories whose paragraphs differ only in their
    // dateline have the same length, so each word has the same weight in all of them.
    for (const term of ["dai", "harbour", "third", "twentieth"]) {
      const list = postings.get(term)!;
      const byText = new Map<string, Set<number>>();
      list.docs.forEach((doc, i) => {
        const key = oldestFirst[doc]!.paragraphs[0]!.replace(/zq\w+x/, "");
        byText.set(key, (byText.get(key) ?? new Set()).add(list.weights[i]!));
      });
      expect(byText.size, term).toBeGreaterThan(1);
      for (const weights of byText.values()) expect(weights.size, term).toBe(1);
    }
    // "Report" is in the headline (three times the weight of a body word): above "day" everywhere.
    const report = postings.get("report")!;
    const day = postings.get("dai")!;
    expect(report.weights.every((weight, i) => weight > day.weights[i]!)).toBe(true);
  });
});

describe("the build's memoized tokenizer", () => {
  it("gives exactly the terms the Worker's searchTerms gives, for any text", () => {
    const terms = memoizedSearchTerms();
    const pieces = [
      "Économie",
      "e\u0301te\u0301",
      "ﬁnance",
      "½",
      "\u00a0",
      " ",
      "-",
      "talks",
      "東京",
      "x²",
      "Ⅻ",
      "ǅ",
      "İstanbul",
      "ß",
      "ﬀ",
      "\u0301",
      "...",
      "❤️",
      "1,000",
      "a",
      "the",
      "\u2028",
      "\u3000",
      "\ufeff",
      "\u1680",
      "\u200a",
      "\u000b",
      "\u0085",
      "\u200b",
      "`~{",
    ];
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ unit: "binary" })), { maxLength: 12 }),
        (parts) => {
          const text = parts.join("");
          expect(terms(text)).toEqual(searchTerms(text));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("summary files", () => {
  it("stay within MAX_SUMMARY_FILES at a million stories, 16 stories each up to 102,400", () => {
    expect(summaryBlock(10)).toBe(16);
    expect(summaryBlock(100_000)).toBe(16);
    expect(summaryBlock(102_400)).toBe(16);
    expect(summaryBlock(102_401)).toBe(32);
    expect(summaryBlock(1_000_000)).toBe(256);
    expect(Math.ceil(1_000_000 / summaryBlock(1_000_000))).toBe(3907);
    for (const docs of [1, 102_400, 102_401, 204_800, 204_801, 1_000_000, 5_000_000]) {
      expect(Math.ceil(docs / summaryBlock(docs))).toBeLessThanOrEqual(MAX_SUMMARY_FILES);
    }
  });
});
