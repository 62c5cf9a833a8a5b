// The matching of term lists against a plain definition: every doc in all lists, not excluded,
// ranked by summed scaled weights (ties to the newer) or by date, for any mix of list forms.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { postingsOf, type TermList } from "../../src/core/search/indexFormat";
import { matchAny, matchEvery } from "../../src/worker/searchMatch";

/** The list of `docs` (ascending, with their 1-15 nibbles) in the form asked for. */
function termList(docs: readonly number[], nibbles: readonly number[], form: TermList["form"]): TermList {
  const span = docs.length === 0 ? 0 : docs.at(-1)! + 1;
  const weights = Uint8Array.from(nibbles, (n) => n * 17);
  if (form === "listed")
    return { form, count: docs.length, postings: { docs: Uint32Array.from(docs), weights } };
  if (form === "dense") {
    // As the build writes it: bytes up to the last doc's.
    const bitmap = new Uint8Array(Math.ceil(span / 8));
    for (const doc of docs) bitmap[doc >> 3]! |= 1 << (doc & 7);
    return { form, count: docs.length, bitmap, weights };
  }
  const has = new Set(docs);
  const absent = Array.from({ length: span }, (_, doc) => doc).filter((doc) => !has.has(doc));
  const packed = new Uint8Array(Math.ceil(docs.length / 2));
  nibbles.forEach((n, i) => (packed[i >> 1]! |= n << (i % 2 === 0 ? 4 : 0)));
  return { form: "complement", count: docs.length, span, absent: Uint32Array.from(absent), nibbles: packed };
}

const corpus = fc
  .record({
    docs: fc.integer({ min: 1, max: 300 }),
    // Per term: how often a doc lacks it (0: in every doc), the form it is written in.
    terms: fc.array(
      fc.record({
        lacks: fc.integer({ min: 0, max: 8 }),
        form: fc.constantFrom<TermList["form"]>("listed", "dense", "complement"),
      }),
      {
        minLength: 1,
        maxLength: 4,
      },
    ),
    seed: fc.integer(),
    excludedEvery: fc.integer({ min: 0, max: 40 }),
    limit: fc.integer({ min: 1, max: 12 }),
    sort: fc.constantFrom("relevance", "date"),
  })
  .map(({ docs, terms, seed, excludedEvery, limit, sort }) => {
    let state = seed >>> 0 || 1;
    const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const lists = terms.map(({ lacks, form }) => {
      const has = Array.from({ length: docs }, (_, doc) => doc).filter(
        () => lacks === 0 || random() >= 1 / lacks,
      );
      const nibbles = has.map(() => 1 + Math.floor(random() * 15));
      return termList(has, nibbles, has.length > 0 ? form : "listed");
    });
    const excluded = Array.from({ length: docs }, (_, doc) => doc).filter(
      (doc) => excludedEvery > 0 && doc % excludedEvery === 3,
    );
    return { lists, excluded, limit, sort, scales: terms.map((_, k) => 0.01 * (k + 1)) };
  });

describe("matching every word", () => {
  it("finds exactly the docs in every list that are served, in the query's order", () => {
    fc.assert(
      fc.property(corpus, ({ lists, excluded, limit, sort, scales }) => {
        const postings = lists.map(postingsOf);
        const weightOf = postings.map(
          ({ docs, weights }) => new Map([...docs].map((doc, i) => [doc, weights[i]!])),
        );
        const hidden = new Set(excluded);
        const matches = [...postings[0]!.docs]
          .filter((doc) => !hidden.has(doc) && weightOf.every((weights) => weights.has(doc)))
          .map((doc) => ({
            doc,
            score: weightOf.reduce((sum, weights, k) => sum + weights.get(doc)! * scales[k]!, 0),
          }))
          .sort((a, b) => (sort === "date" ? b.doc - a.doc : b.score - a.score || b.doc - a.doc));
        if (lists.some((list) => list.count === 0)) return;
        const found = matchEvery(lists, scales, excluded, limit, sort);
        expect(found.total).toBe(matches.length);
        expect(found.ordinals).toEqual(matches.slice(0, limit).map((match) => match.doc));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("matching any word", () => {
  it("finds exactly the docs in any list that are served, in the query's order", () => {
    fc.assert(
      fc.property(
        corpus,
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 12_000 }),
        (plain, stretch, total) => {
          // Docs spread apart by `stretch`, so that the lists' docs lie in several of matchAny's blocks.
          const { limit, sort, scales } = plain;
          const lists = plain.lists.map((list) => {
            const { docs, weights } = postingsOf(list);
            const stretched = [...docs].map((doc) => doc * stretch);
            return termList(
              stretched,
              [...weights].map((weight) => weight / 17),
              list.form,
            );
          });
          const excluded = plain.excluded.map((doc) => doc * stretch);
          const hidden = new Set(excluded);
          const scores = new Map<number, number>();
          lists
            .map(postingsOf)
            .forEach(({ docs, weights }, k) =>
              docs.forEach((doc, i) => scores.set(doc, (scores.get(doc) ?? 0) + weights[i]! * scales[k]!)),
            );
          const matches = [...scores]
            .filter(([doc]) => doc < total && !hidden.has(doc))
            .sort(([a, x], [b, y]) => (sort === "date" ? b - a : y - x || b - a));
          const found = matchAny(lists, scales, { excluded }, total, limit, sort);
          expect(found.total).toBe(matches.length);
          expect(found.ordinals).toEqual(matches.slice(0, limit).map(([doc]) => doc));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
