// Replays responses the full app already produced for GET and HEAD, so a warm request costs a
// lookup and one Response, as close to serving constant bytes as the runtime allows.

import type { Context, MiddlewareHandler } from "hono";
import { isNotModified } from "./isNotModified";
import { LruMap } from "./lruMap";

/** What `serve()` leaves on the context for the cache: the stored bytes and validators it sent. */
export interface Served {
  readonly body: Uint8Array;
  readonly etag: string | null;
  readonly lastModified: string;
}

/** A replayable response: headers exactly as the full middleware chain produced them. */
interface Replay {
  readonly status: number;
  readonly headers: [string, string][];
}

interface Entry {
  readonly served: Served;
  ok: Replay;
  notModified?: Replay;
}

/** Context variables the cache and `serve()` share. */
export type CacheVariables = { served?: Served };

/**
 * Middleware, registered first. A hit answers from the stored headers and bytes:
 * 304 when the validators match (decided as etag() and ifModifiedSince() decide,
 * see isNotModified), else the stored 200 or 404. A miss runs the app and stores
 * what `serve()` marked as servable from memory. Entries are keyed by the coding
 * chosen and the path; `maxBytes` bounds the bodies they hold.
 */
export function responseCache(options: {
  maxBytes: number;
  variant: (c: Context) => string;
}): MiddlewareHandler<{ Variables: CacheVariables }> {
  const entries = new LruMap<Entry>(options.maxBytes);
  return async function responseCache(c, next) {
    const method = c.req.method;
    if (method !== "GET" && method !== "HEAD") return next();
    const key = `${options.variant(c)} ${c.req.path}`;
    const entry = entries.get(key);
    if (entry) {
      const { served } = entry;
      const notModified =
        entry.ok.status === 200 &&
        served.etag !== null &&
        isNotModified(c.req.raw.headers, served.etag, served.lastModified);
      const replay = notModified ? entry.notModified : entry.ok;
      if (replay) {
        return new Response(replay.status === 304 ? null : served.body, {
          status: replay.status,
          headers: replay.headers,
          encodeBody: "manual",
        });
      }
    }
    await next();
    const served = c.get("served");
    if (!served) return;
    const replay: Replay = { status: c.res.status, headers: [...c.res.headers] };
    if (replay.status === 304) {
      if (entry) entry.notModified = replay;
    } else if (replay.status === 200 || replay.status === 404) {
      entries.set(key, { served, ok: replay }, served.body.byteLength);
    }
  };
}
