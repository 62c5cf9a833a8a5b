// The media answer decision alone: Range parsing and satisfiability (RFC 9110 §14.1.1), and the order
// of If-Match, If-None-Match, If-Range and Range (§13.2.2), without a bucket or a request.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerFor, parseRanges, satisfiable, type Answer } from "../../src/worker/byteRange";

const ETAG = '"0123456789abcdef0123456789abcdef"';
const OTHER = '"fedcba9876543210fedcba9876543210"';

/** The answer a GET (or HEAD, `ranged` false) with `headers` gets for an object of `size` bytes tagged ETAG. */
function answer(headers: Record<string, string>, size = 100, ranged = true): Answer {
  return answerFor(new Headers(headers), size, ETAG, ranged);
}

describe("parseRanges", () => {
  it("reads each range form as written (§14.1.1)", () => {
    expect(parseRanges("bytes=0-9")).toEqual([[0, 9]]);
    expect(parseRanges("bytes=10-")).toEqual([[10, null]]);
    expect(parseRanges("bytes=-5")).toEqual([[null, 5]]);
    expect(parseRanges("bytes=-0")).toEqual([[null, 0]]);
    expect(parseRanges("bytes=7-7")).toEqual([[7, 7]]);
  });

  it("takes the unit in any case (§14.1) and whitespace around commas (§5.6.1)", () => {
    expect(parseRanges("BYTES=0-1")).toEqual([[0, 1]]);
    expect(parseRanges("Bytes=0-1")).toEqual([[0, 1]]);
    expect(parseRanges("bytes=0-1 , 5-6,\t-3")).toEqual([
      [0, 1],
      [5, 6],
      [null, 3],
    ]);
  });

  it("refuses what is not a bytes ranges-specifier", () => {
    for (const value of [
      "bytes=5-2", // last before first (§14.1.1)
      "items=0-1", // another unit
      "bytes=abc",
      "bytes=-",
      "bytes=",
      "bytes=0-1,",
      "bytes=1-2-3",
      "bytes=+1-2",
      "bytes 0-1",
      "bytes=0-1,5-2",
    ])
      expect(parseRanges(value), value).toBeNull();
  });
});

describe("satisfiable", () => {
  it("selects a-b, a- and -n, clamping the last position to the end", () => {
    expect(satisfiable([0, 9], 100)).toEqual({ start: 0, end: 9 });
    expect(satisfiable([10, null], 100)).toEqual({ start: 10, end: 99 });
    expect(satisfiable([null, 5], 100)).toEqual({ start: 95, end: 99 });
    expect(satisfiable([90, 1000], 100)).toEqual({ start: 90, end: 99 });
    expect(satisfiable([99, 99], 100)).toEqual({ start: 99, end: 99 });
    // A suffix longer than the object selects all of it.
    expect(satisfiable([null, 1000], 100)).toEqual({ start: 0, end: 99 });
  });

  it("selects nothing from a first position at or past the end, or a suffix of zero bytes", () => {
    expect(satisfiable([100, null], 100)).toBeNull();
    expect(satisfiable([100, 200], 100)).toBeNull();
    expect(satisfiable([null, 0], 100)).toBeNull();
    expect(satisfiable([0, null], 0)).toBeNull();
  });
});

describe("answerFor: Range", () => {
  it("answers 206 with the one range selected", () => {
    expect(answer({ Range: "bytes=0-9" })).toEqual({ status: 206, range: { start: 0, end: 9 } });
    expect(answer({ Range: "bytes=10-" })).toEqual({ status: 206, range: { start: 10, end: 99 } });
    expect(answer({ Range: "bytes=-5" })).toEqual({ status: 206, range: { start: 95, end: 99 } });
    expect(answer({ Range: "bytes=95-200" })).toEqual({ status: 206, range: { start: 95, end: 99 } });
    expect(answer({ Range: "BYTES=1-2" })).toEqual({ status: 206, range: { start: 1, end: 2 } });
  });

  it("answers 416 when the range selects nothing (§15.5.17)", () => {
    expect(answer({ Range: "bytes=100-" })).toEqual({ status: 416 });
    expect(answer({ Range: "bytes=100-200" })).toEqual({ status: 416 });
    expect(answer({ Range: "bytes=-0" })).toEqual({ status: 416 });
    // A zero-length object has no first position to start at.
    expect(answer({ Range: "bytes=0-" }, 0)).toEqual({ status: 416 });
    expect(answer({ Range: "bytes=0-0" }, 0)).toEqual({ status: 416 });
  });

  it("answers a zero-length object's suffix range with the whole (empty) object, 200", () => {
    // §14.1.1 counts a non-zero suffix as satisfiable even here, yet no Content-Range can name an
    // empty range: the whole object is what it selects.
    expect(answer({ Range: "bytes=-5" }, 0)).toEqual({ status: 200 });
    expect(answer({ Range: "bytes=-0" }, 0)).toEqual({ status: 416 });
  });

  it("ignores more than one range, and an invalid value: the whole object, 200 (§14.2)", () => {
    for (const range of ["bytes=0-1,5-6", "bytes=0-1 , 5-6", "bytes=5-2", "items=0-1", "bytes=abc"])
      expect(answer({ Range: range }), range).toEqual({ status: 200 });
  });

  it("never answers 206 (nor 416) to HEAD: Range applies to GET only (§14.2)", () => {
    for (const range of ["bytes=0-9", "bytes=-5", "bytes=100-"])
      expect(answer({ Range: range }, 100, false), range).toEqual({ status: 200 });
  });
});

describe("answerFor: conditionals, in the order of §13.2.2", () => {
  it("If-Match: 412 unless `*` or a strongly equal tag (§13.1.1)", () => {
    expect(answer({ "If-Match": OTHER })).toEqual({ status: 412 });
    expect(answer({ "If-Match": "*" })).toEqual({ status: 200 });
    expect(answer({ "If-Match": ETAG })).toEqual({ status: 200 });
    expect(answer({ "If-Match": `${OTHER}, ${ETAG}` })).toEqual({ status: 200 });
    // The strong comparison: a weak tag never matches, even with the same opaque value.
    expect(answer({ "If-Match": `W/${ETAG}` })).toEqual({ status: 412 });
    // Not a list of entity-tags at all: nothing matches.
    expect(answer({ "If-Match": "0123456789abcdef" })).toEqual({ status: 412 });
  });

  it("If-Match is decided before If-None-Match and Range", () => {
    expect(answer({ "If-Match": OTHER, "If-None-Match": ETAG, Range: "bytes=0-1" })).toEqual({
      status: 412,
    });
  });

  it("If-None-Match: 304 for `*` or a weakly equal tag (§13.1.2)", () => {
    expect(answer({ "If-None-Match": ETAG })).toEqual({ status: 304 });
    expect(answer({ "If-None-Match": `W/${ETAG}` })).toEqual({ status: 304 });
    expect(answer({ "If-None-Match": "*" })).toEqual({ status: 304 });
    expect(answer({ "If-None-Match": `${OTHER} ,W/${ETAG}` })).toEqual({ status: 304 });
    expect(answer({ "If-None-Match": OTHER })).toEqual({ status: 200 });
    // HEAD too (§13.1.2: GET and HEAD).
    expect(answer({ "If-None-Match": ETAG }, 100, false)).toEqual({ status: 304 });
  });

  it("If-None-Match takes precedence over Range: 304, not 206", () => {
    expect(answer({ "If-None-Match": ETAG, Range: "bytes=0-9" })).toEqual({ status: 304 });
    expect(answer({ "If-None-Match": OTHER, Range: "bytes=0-9" })).toEqual({
      status: 206,
      range: { start: 0, end: 9 },
    });
  });

  it("If-Range: the range applies only for this strong ETag (§13.1.5)", () => {
    const range = "bytes=0-9";
    expect(answer({ Range: range, "If-Range": ETAG })).toEqual({ status: 206, range: { start: 0, end: 9 } });
    expect(answer({ Range: range, "If-Range": OTHER })).toEqual({ status: 200 });
    // A weak tag never validates a range (§13.1.5: strong comparison).
    expect(answer({ Range: range, "If-Range": `W/${ETAG}` })).toEqual({ status: 200 });
    // A date: these objects have no Last-Modified to compare it with.
    expect(answer({ Range: range, "If-Range": "Thu, 01 Jan 2026 00:00:00 GMT" })).toEqual({ status: 200 });
    // An If-Range that does not match also makes an unsatisfiable range a plain 200, not 416.
    expect(answer({ Range: "bytes=500-", "If-Range": OTHER })).toEqual({ status: 200 });
  });
});

/** A Range value's one range-spec, as the property test writes it. */
type Spec =
  | { kind: "int"; first: number; last: number }
  | { kind: "open"; first: number }
  | { kind: "suffix"; n: number };

/**
 * RFC 9110 §14.1.1 written out independently: the bytes `spec` selects from `size`, as
 * [first, last] both included, or null when it is not satisfiable (or, for a zero-length
 * object, cannot be sent as a part).
 */
function reference(spec: Spec, size: number): [number, number] | null {
  if (size === 0) return null;
  switch (spec.kind) {
    case "int":
      // "first-pos ... less than the current length"; a last-pos at or past the end means the end.
      return spec.first < size ? [spec.first, Math.min(spec.last, size - 1)] : null;
    case "open":
      return spec.first < size ? [spec.first, size - 1] : null;
    case "suffix":
      // "a suffix-range with a non-zero suffix-length"; longer than the object: all of it.
      return spec.n > 0 ? [Math.max(size - spec.n, 0), size - 1] : null;
  }
}

function written(spec: Spec): string {
  switch (spec.kind) {
    case "int":
      return `bytes=${spec.first}-${spec.last}`;
    case "open":
      return `bytes=${spec.first}-`;
    case "suffix":
      return `bytes=-${spec.n}`;
  }
}

describe("answerFor: property", () => {
  const position = fc.integer({ min: 0, max: 12_000 });
  const spec: fc.Arbitrary<Spec> = fc.oneof(
    fc
      .tuple(position, position)
      .map(([a, b]): Spec => ({ kind: "int", first: Math.min(a, b), last: Math.max(a, b) })),
    position.map((first): Spec => ({ kind: "open", first })),
    position.map((n): Spec => ({ kind: "suffix", n })),
  );

  it("answers 206 with exactly the reference range, inside the object, else 416", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), spec, (size, spec) => {
        const expected = reference(spec, size);
        const got = answer({ Range: written(spec) }, size);
        if (expected === null) {
          // A zero-length object's non-zero suffix selects all of it (see above); anything else, nothing.
          const whole = size === 0 && spec.kind === "suffix" && spec.n > 0;
          expect(got).toEqual({ status: whole ? 200 : 416 });
          return;
        }
        expect(got).toEqual({ status: 206, range: { start: expected[0], end: expected[1] } });
        if (got.status !== 206) return;
        // Content-Range `bytes a-b/size`: 0 <= a <= b < size (§14.4).
        expect(got.range.start).toBeGreaterThanOrEqual(0);
        expect(got.range.start).toBeLessThanOrEqual(got.range.end);
        expect(got.range.end).toBeLessThan(size);
      }),
      { numRuns: 2000 },
    );
  });

  it("a HEAD, or a Range with more than one range, is always the whole object", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), spec, spec, (size, a, b) => {
        expect(answer({ Range: written(a) }, size, false)).toEqual({ status: 200 });
        expect(answer({ Range: `${written(a)}, ${written(b).slice("bytes=".length)}` }, size)).toEqual({
          status: 200,
        });
      }),
    );
  });
});
