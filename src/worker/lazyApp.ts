// Builds the app on an isolate's first request and keeps it; a failed build is retried by the next
// request instead of failing every request until the isolate is recycled.

import { CACHE_CONTROL, RETRY_AFTER_SECONDS } from "./httpPolicy";

/** What a build gives: a fetch handler, or the problems with the settings that stop it. */
type Built<E> =
  { fetch: (request: Request, env: E, ctx: ExecutionContext) => Response | Promise<Response> } | string[];

const unavailable = (message: string, retry: boolean): Response =>
  new Response(`Service Unavailable: ${message}\n`, {
    status: 503,
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Cache-Control": CACHE_CONTROL.none,
      ...(retry ? { "Retry-After": String(RETRY_AFTER_SECONDS) } : {}),
    },
  });

/**
 * A Worker `fetch` that builds with `build(env)` once and then serves with what
 * it built. Invalid settings (a list of problems) are a deployment mistake: 503
 * with the list in the operator's log, kept, since only a new deployment fixes
 * them. A build that throws answers 503 and is tried again on the next request.
 */
export function lazyApp<E>(
  build: (env: E) => Promise<Built<E>>,
): (request: Request, env: E, ctx: ExecutionContext) => Promise<Response> {
  let pending: Promise<Built<E>> | undefined;
  /** The app once built: warm requests skip even the await on its promise. */
  let ready: Exclude<Built<E>, string[]> | undefined;
  return async function fetch(request, env, ctx) {
    if (ready) return ready.fetch(request, env, ctx);
    const attempt = (pending ??= build(env));
    let built: Built<E>;
    try {
      built = await attempt;
    } catch (error) {
      if (pending === attempt) pending = undefined;
      console.error(`building the app failed: ${error instanceof Error ? error.message : String(error)}`);
      return unavailable("the site is starting; try again shortly.", true);
    }
    if (Array.isArray(built)) {
      console.error(`site settings are invalid: ${built.join("; ")}`);
      return unavailable("the site's settings are invalid.", false);
    }
    ready = built;
    return built.fetch(request, env, ctx);
  };
}
