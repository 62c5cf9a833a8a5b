// The conditional-GET decision of RFC 9110 §13.2.2 for a stored response, as hono's etag() and our
// ifModifiedSince() make it, so the response cache can answer without running them.

import { notModifiedSince } from "./ifModifiedSince";

/**
 * Whether a GET/HEAD with these request headers gets 304 for a resource with
 * `etag` and `lastModified`: If-None-Match decides when present (weak
 * comparison, lists, `*`); only without it does If-Modified-Since count.
 */
export function isNotModified(headers: Headers, etag: string, lastModified: string): boolean {
  const ifNoneMatch = headers.get("If-None-Match");
  if (ifNoneMatch !== null) {
    if (ifNoneMatch === "*") return true;
    // W/"x" and "x" compare equal (weak comparison, §8.8.3.2), as in hono's etag().
    const expected = etag.replace(/^W\//, "");
    return ifNoneMatch.match(/"[^"]*"/g)?.some((tag) => tag === expected) ?? false;
  }
  const since = headers.get("If-Modified-Since");
  return since !== null && since !== "" && notModifiedSince(lastModified, since);
}
