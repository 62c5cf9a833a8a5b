// Every answer says that its content coding depends on Accept-Encoding, and an answer without a body
// never claims a coding: the one place for both rules, whatever produced the answer.

import type { MiddlewareHandler } from "hono";

/** A Vary value that already names Accept-Encoding (or `*`, which names every field). */
const NAMES_ACCEPT_ENCODING = /(?:^|,)[ \t]*(?:accept-encoding|\*)[ \t]*(?:,|$)/i;

/**
 * Middleware, registered before the response cache stores anything so replays carry its headers.
 * - `Vary: Accept-Encoding` on every answer (RFC 9110 §12.5.5): the app picks its own gzip bytes
 *   by Accept-Encoding, and the platform compresses other answers by it too (Cloudflare's edge:
 *   200, 403 and 404 of text types; wrangler dev: any status, bodiless ones included), so a shared
 *   cache that ignored the field could hand gzip bytes to a client that cannot read them.
 * - No `Content-Encoding` on an answer without a body (a redirect, 204, 304): there is nothing
 *   encoded, and hono copies an earlier answer's headers onto a later one. A HEAD keeps it: hono
 *   drops a HEAD's body after this runs, and HEAD must carry a GET's headers (§9.3.2).
 */
export function varyByCoding(): MiddlewareHandler {
  return async function varyByCoding(c, next) {
    await next();
    const headers = c.res.headers;
    const vary = headers.get("Vary");
    if (vary === null) headers.set("Vary", "Accept-Encoding");
    else if (!NAMES_ACCEPT_ENCODING.test(vary)) headers.set("Vary", `${vary}, Accept-Encoding`);
    if (c.res.body === null) headers.delete("Content-Encoding");
  };
}
