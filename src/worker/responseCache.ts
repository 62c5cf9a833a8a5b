// Replays responses the full app already produced for GET and HEAD, so a warm request costs a
// lookup and one Response, as close to serving constant bytes as the runtime allows.

import type { Context, MiddlewareHandler } from "hono";
import { isNotModified } from "./conditional";
import type { ServedState, ServedStates } from "./servedState";

/** What `serve()` leaves on the context for the cache: the stored bytes and validators it sent. */
export interface Served {
  readonly body: Uint8Array;
  readonly etag: string | null;
  readonly lastModified: string;
}

/** Headers exactly as the full middleware chain produced them. */
interface Answer {
  readonly status: number;
  readonly headers: [string, string][];
}

/** A replayable response: its bytes and validators, its full answer, and its 304 once one was sent. */
export interface Replay {
  readonly served: Served;
  readonly ok: Answer;
  notModified?: Answer;
}

/** Context variables the cache and `serve()` share. */
/**
 * What the chain leaves for the cache: the answer `serve()` marked as servable
 * from memory, and the served state this request rendered in (set by the
 * refresh), which is where its replay belongs.
 */
export type CacheVariables = { served?: Served; state?: ServedState };

/**
 * Middleware, around everything but HSTS. A hit answers from the stored headers and bytes:
 * 304 when `isNotModified` says so (the same function `serve()` asks), else the
 * stored 200 or 404. A miss runs the app and stores what `serve()` marked as
 * servable from memory, in the current served state (so a scheduled instant
 * drops every replay at once). The key names every input of the answer: the
 * `variant` (coding, Accept) and the request target, query string included.
 */
export function responseCache(options: {
  states: ServedStates;
  variant: (c: Context) => string;
}): MiddlewareHandler<{ Variables: CacheVariables }> {
  return async function responseCache(c, next) {
    const method = c.req.method;
    if (method !== "GET" && method !== "HEAD") return next();
    const url = c.req.url;
    // Only a state still current for this instant answers; otherwise the chain below refreshes it
    // (and a failure to read it answers through every middleware, headers and all).
    const fresh = options.states.fresh();
    const key = `${options.variant(c)} ${url.slice(url.indexOf("/", url.indexOf("//") + 2))}`;
    const entry = fresh?.replays.get(key);
    if (entry) {
      const { served } = entry;
      const notModified =
        entry.ok.status === 200 &&
        served.etag !== null &&
        isNotModified(c.req.raw.headers, served.etag, served.lastModified);
      const answer = notModified ? entry.notModified : entry.ok;
      if (answer) {
        return new Response(answer.status === 304 ? null : served.body, {
          status: answer.status,
          headers: answer.headers,
          encodeBody: "manual",
        });
      }
    }
    await next();
    const served = c.get("served");
    if (!served) return;
    const answer: Answer = { status: c.res.status, headers: [...c.res.headers] };
    if (answer.status === 304) {
      if (entry) entry.notModified = answer;
    } else if (answer.status === 200 || answer.status === 404) {
      // Into the state this request rendered in, not whichever is current now: another request may
      // have moved past a scheduled instant meanwhile, and its state must not replay this answer.
      c.get("state")?.replays.set(key, { served, ok: answer }, served.body.byteLength);
    }
  };
}
