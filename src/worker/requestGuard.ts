// Refuses request targets no resource of ours can have, before routing: a clear 4xx, never a 500.

import type { MiddlewareHandler } from "hono";

/** Longest path we accept; ours are far shorter, and longer ones are probes. */
const MAX_PATH_LENGTH = 1024;

/** Why `rawPath` (as sent, percent-encoded) is refused, with its status, or null when it is fine. */
export function badPath(rawPath: string): { status: 400 | 414; message: string } | null {
  if (rawPath.length > MAX_PATH_LENGTH) return { status: 414, message: "URI Too Long" };
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { status: 400, message: "Bad Request: malformed percent-encoding in the path" };
  }
  // Control characters (NUL included) never name a resource and confuse logs and caches.
  if (/[\u0000-\u001f\u007f]/.test(decoded))
    return { status: 400, message: "Bad Request: control character in the path" };
  return null;
}

/** Middleware answering `badPath` requests with plain text that echoes nothing back. */
export function requestGuard(): MiddlewareHandler {
  return async function requestGuard(c, next) {
    const url = c.req.url;
    const start = url.indexOf("/", url.indexOf("//") + 2);
    const end = url.search(/[?#]/);
    const rawPath = start === -1 ? "/" : url.slice(start, end === -1 ? undefined : end);
    const bad = badPath(rawPath);
    if (bad) return c.text(bad.message, bad.status, { "Cache-Control": "no-store" });
    await next();
  };
}
