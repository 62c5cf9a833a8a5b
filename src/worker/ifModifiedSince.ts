// If-Modified-Since (RFC 9110 §13.1.3) for responses that carry Last-Modified, in hono's middleware shape.

import type { MiddlewareHandler } from "hono";
import { RETAINED_304_HEADERS } from "hono/etag";

/** Whether a resource last modified at `lastModified` is unchanged since `since` (both HTTP dates). */
export function notModifiedSince(lastModified: string, since: string): boolean {
  const modified = Date.parse(lastModified);
  const cutoff = Date.parse(since);
  // An invalid date, or one that is not an HTTP-date at all, is ignored (§13.1.3).
  return !Number.isNaN(modified) && !Number.isNaN(cutoff) && modified <= cutoff;
}

/**
 * Answers 304 when If-Modified-Since is not older than Last-Modified. Per §13.2.2
 * it is evaluated only when the request has no If-None-Match, which takes
 * precedence (hono's `etag()` handles that), and only for GET and HEAD.
 */
export function ifModifiedSince(): MiddlewareHandler {
  const retained = new Set(RETAINED_304_HEADERS);
  return async function ifModifiedSince(c, next) {
    await next();
    const since = c.req.header("If-Modified-Since");
    if (!since || c.req.header("If-None-Match") !== undefined) return;
    if ((c.req.method !== "GET" && c.req.method !== "HEAD") || c.res.status !== 200) return;
    const lastModified = c.res.headers.get("Last-Modified");
    if (!lastModified || !notModifiedSince(lastModified, since)) return;
    await c.res.body?.cancel();
    const headers = new Headers();
    // The same fields as hono's etag() keeps on its 304, so both paths answer alike.
    for (const [key, value] of c.res.headers) if (retained.has(key)) headers.set(key, value);
    // Assign through a fresh context response: hono merges the old headers into a replaced c.res.
    c.res = undefined;
    c.res = new Response(null, { status: 304, headers });
  };
}
