// The conditional-GET decision of RFC 9110 §13.2.2, in one place: every response the app sends and
// every replay of a stored one asks this function whether the client's copy is still current.

/** An entity-tag (§8.8.3): optional `W/`, then visible characters other than `"` between quotes. */
const ENTITY_TAG = String.raw`(?:W/)?"[\x21\x23-\x7e\x80-\xff]*"`;
/**
 * `#entity-tag` (§5.6.1) once trimmed: comma-separated, optional whitespace, empty
 * elements allowed. Each run of spaces can match only one way, so a hostile value
 * costs linear time.
 */
const TAG_LIST = new RegExp(String.raw`^(?:${ENTITY_TAG})?(?:[ \t]*,(?:[ \t]*${ENTITY_TAG})?)*$`);
const TAGS = new RegExp(ENTITY_TAG, "g");
/** HTTP-date (§5.6.7): IMF-fixdate, and the obsolete RFC 850 and asctime forms recipients must accept. */
const HTTP_DATE = [
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/,
  /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d{2}-(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\d{2} \d{2}:\d{2}:\d{2} GMT$/,
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/,
];

/**
 * The entity-tags of an If-None-Match value, or null when it is not a valid
 * list (`#entity-tag`; empty list elements are allowed, §5.6.1). `*` is
 * returned as `["*"]`.
 */
export function parseIfNoneMatch(value: string): string[] | null {
  const trimmed = value.trim();
  if (trimmed === "*") return ["*"];
  if (!TAG_LIST.test(trimmed)) return null;
  const tags = trimmed.match(TAGS);
  return tags && tags.length > 0 ? tags : null;
}

/** An HTTP-date as epoch milliseconds, or NaN when the text is not one. */
export function parseHttpDate(value: string): number {
  const text = value.trim();
  return HTTP_DATE.some((form) => form.test(text)) ? Date.parse(text) : Number.NaN;
}

/**
 * Whether a GET or HEAD with `headers` gets 304 Not Modified for a representation
 * with `etag` and `lastModified` (an HTTP-date):
 * - If-None-Match, when present, decides alone (§13.2.2 step 3): `*` or any tag
 *   equal under the weak comparison (§8.8.3.2). A malformed value matches
 *   nothing: the client gets the full response rather than a 304 it did not ask
 *   for (`"<etag>"x` is not `"<etag>"`).
 * - Otherwise If-Modified-Since (step 4): 304 when the representation is not
 *   newer than the date. A value that is not an HTTP-date is ignored (§13.1.3).
 */
export function isNotModified(headers: Headers, etag: string, lastModified: string): boolean {
  const ifNoneMatch = headers.get("If-None-Match");
  if (ifNoneMatch !== null) return noneMatchFails(ifNoneMatch, etag);
  const since = headers.get("If-Modified-Since");
  if (since === null) return false;
  const cutoff = parseHttpDate(since);
  const modified = Date.parse(lastModified);
  return !Number.isNaN(cutoff) && !Number.isNaN(modified) && modified <= cutoff;
}

/**
 * Whether the If-None-Match value `value` names `etag` (so the condition is
 * false): `*`, or a tag equal under the weak comparison (§13.1.2, §8.8.3.2). A
 * malformed value names nothing.
 */
export function noneMatchFails(value: string, etag: string): boolean {
  const tags = parseIfNoneMatch(value);
  if (tags === null) return false;
  const opaque = etag.replace(/^W\//, "");
  return tags.some((tag) => tag === "*" || tag.replace(/^W\//, "") === opaque);
}
