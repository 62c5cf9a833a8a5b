// What a GET for a stored object answers, decided from the request's conditional and Range headers
// and the object's size and strong ETag alone (RFC 9110 §13.2.2 for the order, §14 for ranges).

import { noneMatchFails, parseHttpDate, parseIfNoneMatch } from "./conditional";

/** One byte range of the object, both ends included. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** The answer to give: its status, and for 206 the one range to send. */
export type Answer =
  { readonly status: 200 | 304 | 412 | 416 } | { readonly status: 206; readonly range: ByteRange };

/** `bytes=` (the unit is case-insensitive, §14.1) and one or more ranges, with optional whitespace around commas. */
const RANGES = /^bytes=((?:\d*-\d*)(?:[ \t]*,[ \t]*\d*-\d*)*)$/i;

/**
 * The ranges of a Range value, or null when it is not a valid `bytes` ranges-specifier
 * (§14.1.1), which a server may ignore (§14.2). Each range is `[first, last]` as written:
 * `a-b` is [a, b], `a-` is [a, null], `-n` is [null, n].
 */
export function parseRanges(value: string): [number | null, number | null][] | null {
  const match = RANGES.exec(value.trim());
  if (!match) return null;
  const ranges: [number | null, number | null][] = [];
  for (const spec of match[1]!.split(",")) {
    const [first, last] = spec.trim().split("-") as [string, string];
    if (first === "" && last === "") return null;
    const range: [number | null, number | null] = [
      first === "" ? null : Number(first),
      last === "" ? null : Number(last),
    ];
    // `b-a` with a < b is invalid (§14.1.1).
    if (range[0] !== null && range[1] !== null && range[1] < range[0]) return null;
    ranges.push(range);
  }
  return ranges;
}

/**
 * The one range of the object (`size` bytes) that `[first, last]` selects,
 * or null when it selects nothing (§14.1.1): a first position at or past the
 * end, or a suffix of zero bytes. The last position is clamped to the end, and
 * a suffix longer than the object selects all of it.
 */
export function satisfiable([first, last]: [number | null, number | null], size: number): ByteRange | null {
  if (first === null)
    return last! > 0 && size > 0 ? { start: Math.max(0, size - last!), end: size - 1 } : null;
  if (first >= size) return null;
  return { start: first, end: last === null ? size - 1 : Math.min(last, size - 1) };
}

/**
 * What a GET (or HEAD, `ranged` false) with `headers` gets for an object of
 * `size` bytes with the strong `etag`, in the order of §13.2.2:
 * - If-Match: 412 unless `*` or a tag strongly equal to `etag` (§13.1.1).
 * - If-None-Match: 304 when `*` or a tag weakly equal (§13.1.2). The objects
 *   have no modification date, so If-Unmodified-Since and If-Modified-Since are
 *   ignored (§13.1.3, §13.1.4).
 * - Range, on GET only (§14.2): one range answers 206, or 416 when it selects
 *   nothing. If-Range (§13.1.5) lets it apply only when it is this `etag`
 *   (strongly); a date never matches, having no date to match. More than one
 *   range, or an invalid value, is ignored: the whole object, 200 (§14.2
 *   allows it; a multipart answer would cost more than the bytes it saves).
 */
export function answerFor(headers: Headers, size: number, etag: string, ranged: boolean): Answer {
  const ifMatch = headers.get("If-Match");
  if (ifMatch !== null) {
    const tags = parseIfNoneMatch(ifMatch);
    if (!tags?.some((tag) => tag === "*" || tag === etag)) return { status: 412 };
  }
  const ifNoneMatch = headers.get("If-None-Match");
  if (ifNoneMatch !== null && noneMatchFails(ifNoneMatch, etag)) return { status: 304 };
  const range = headers.get("Range");
  if (!ranged || range === null) return { status: 200 };
  const ifRange = headers.get("If-Range");
  if (ifRange !== null) {
    const value = ifRange.trim();
    // A date (§13.1.5): these objects have no Last-Modified, so it cannot be the current one.
    if (!Number.isNaN(parseHttpDate(value)) || value !== etag) return { status: 200 };
  }
  const ranges = parseRanges(range);
  if (ranges === null || ranges.length !== 1) return { status: 200 };
  // An empty object's only satisfiable range is a suffix (§14.1.1), selecting all of nothing: 206
  // cannot say so (no `first-last` exists), so the whole, empty object.
  if (size === 0 && ranges[0]![0] === null && ranges[0]![1]! > 0) return { status: 200 };
  const selected = satisfiable(ranges[0]!, size);
  return selected ? { status: 206, range: selected } : { status: 416 };
}
