// Property: whatever the docs, each term's entry holds exactly its docs, with BM25 weights as the
// format defines them, written in the smallest of the three forms (ties to the earlier form), the
// forms' sizes computed here from the format's plain definition (indexFormat.ts), not the build's.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SearchIndexEmitter } from "../../src/build/searchIndex";
import {
  BM25,
  POSTINGS_FORM,
  readPostings,
  shardEntries,
  weightByte,
  weightNibble,
} from "../../src/core/search/indexFormat";

/** Bytes of `value` as a varint (7 bits a byte, low first). */
function varintLength(value: number): number {
  let length = 1;
  for (let rest = value; rest >= 128; rest = Math.floor(rest / 128)) length++;
  return length;
}

/**
 * Each term: a share of the docs it is in, and the largest term frequency it has in one; some
 * terms come in bursts (the first `window` docs of every `period`), so long gaps (varints of two
 * bytes and more) sit among runs, where the forms' sizes are close.
 */
const termModel = fc.record({
  share: fc.constantFrom(0.001, 0.01, 0.05, 0.15, 0.3, 0.6, 0.9, 0.97, 0.995, 1),
  maxFrequency: fc.integer({ min: 1, max: 300 }),
  burst: fc.option(
    fc.record({ period: fc.integer({ min: 130, max: 2000 }), window: fc.integer({ min: 1, max: 120 }) }),
  ),
});

const corpus = fc.record({
  docs: fc.integer({ min: 1, max: 2500 }),
  terms: fc.array(termModel, { minLength: 1, maxLength: 5 }),
  seed: fc.integer({ min: 1, max: 0x7fffffff }),
  maxLength: fc.integer({ min: 1, max: 5000 }),
});

/** A small deterministic generator (xorshift), so one fast-check value makes a whole corpus. */
function randomOf(seed: number): () => number {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
}

describe("search index postings", () => {
  it("list each term's docs and weights exactly, in the smallest form", () => {
    fc.assert(
      fc.property(corpus, ({ docs, terms, seed, maxLength }) => {
        const random = randomOf(seed);
        const names = terms.map((_, t) => `term${t}`);
        const lengths: number[] = [];
        const frequencies: Map<number, number>[] = names.map(() => new Map());
        const files = new Map<string, Uint8Array | string>();
        const index = new SearchIndexEmitter(docs, (path, content) => files.set(path, content));
        // A term gets its id when a doc first has it, as the build's tokenizer does.
        const idOf = (t: number): number => index.termId(names[t]!);
        for (let doc = 0; doc < docs; doc++) {
          const pairs: number[] = [];
          let length = 0;
          terms.forEach(({ share, maxFrequency, burst }, t) => {
            // The first term is in the last doc: its list reaches the end of the archive.
            const outside = burst !== null && doc % burst.period >= burst.window;
            if (!(doc === docs - 1 && t === 0) && (outside || random() >= share)) return;
            const frequency = 1 + Math.floor(random() * maxFrequency);
            frequencies[t]!.set(doc, frequency);
            pairs.push(idOf(t), frequency);
            length += frequency;
          });
          length += Math.floor(random() * maxLength);
          lengths.push(length);
          index.add(pairs, length, ["summary", `id${doc}`, "slug", "Title", "2024-01-01T00:00:00Z"]);
        }
        index.finish();

        const mean = lengths.reduce((sum, length) => sum + length, 0) / docs;
        const average = mean > 0 ? 2 ** (Math.round(Math.log2(mean) * 8) / 8) : 1;
        const found = new Map<string, { form: number; size: number; docs: number[]; weights: number[] }>();
        for (const [path, file] of files) {
          if (!path.startsWith("_search/t/") && !path.startsWith("_search/w/")) continue;
          const shard = file as Uint8Array;
          const entries = [...shardEntries(shard)];
          const postings = readPostings(shard, new Set(entries.map((entry) => entry.term)));
          for (const entry of entries) {
            expect(found.has(entry.term), entry.term).toBe(false);
            const list = postings.get(entry.term)!;
            expect(list.docs.length).toBe(entry.count);
            found.set(entry.term, {
              form: entry.form,
              size: entry.end - entry.start,
              docs: [...list.docs],
              weights: [...list.weights],
            });
          }
        }

        names.forEach((name, t) => {
          const held = [...frequencies[t]!.keys()];
          if (held.length === 0) return void expect(found.has(name), name).toBe(false);
          const entry = found.get(name)!;
          expect(entry.docs, name).toEqual(held);
          const raw = held.map((doc) => {
            const tf = frequencies[t]!.get(doc)!;
            const norm = 1 - BM25.b + (BM25.b * lengths[doc]!) / average;
            return (tf * (BM25.k1 + 1)) / (tf + BM25.k1 * norm);
          });
          // The three forms' sizes, from the format's definition.
          const span = held[held.length - 1]! + 1;
          const sparse = held.reduce((sum, doc, i) => sum + varintLength(doc - (held[i - 1] ?? 0)) + 1, 0);
          const dense = Math.ceil(span / 8) + held.length;
          let complement = varintLength(span) + Math.ceil(held.length / 2);
          const has = new Set(held);
          for (let doc = 0, previous = 0; doc < span; doc++) {
            if (has.has(doc)) continue;
            complement += varintLength(doc - previous);
            previous = doc;
          }
          const sizes = [sparse, dense, complement];
          const smallest = Math.min(...sizes);
          expect(entry.form, name).toBe(sizes.indexOf(smallest));
          expect(entry.size, name).toBe(smallest);
          expect(entry.weights, name).toEqual(
            raw.map((weight) =>
              entry.form === POSTINGS_FORM.COMPLEMENT ? weightNibble(weight) * 17 : weightByte(weight),
            ),
          );
        });
      }),
      { numRuns: 300 },
    );
  });
});
