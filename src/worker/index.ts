// The Worker's entry: the only importer of the generated content; builds the app once per isolate.

import type { Content, Story } from "../core/types";
import { chunkSize, index } from "../generated/content";
import { createApp } from "./createApp";
import { parseSite, type SiteVars } from "./parseSite";

/** The Worker's bindings: the site settings and the static assets holding the story chunks. */
export interface Env extends SiteVars {
  ASSETS: Fetcher;
}

/** Story chunks are static assets written by the build; only the Worker reads them. */
function chunkLoader(assets: Fetcher): Content["loadChunk"] {
  return async (chunk) => {
    const res = await assets.fetch(`https://assets.invalid/_chunks/${chunk}.json`);
    if (!res.ok) throw new Error(`story chunk ${chunk} is missing from the assets (HTTP ${res.status})`);
    return res.json<Story[]>();
  };
}

type App = Awaited<ReturnType<typeof createApp>>;
let app: Promise<App | string[]> | undefined;
/** The app once built: warm requests skip even the await on its promise. */
let ready: App | undefined;

export default {
  async fetch(request, env, ctx) {
    if (ready) return ready.fetch(request, env, ctx);
    app ??= (async () => {
      const parsed = parseSite(env);
      if ("problems" in parsed) return parsed.problems;
      return createApp({ index, chunkSize, loadChunk: chunkLoader(env.ASSETS) }, parsed.site);
    })();
    const built = await app;
    if (Array.isArray(built)) {
      // A deployment mistake, not a client's: say what to fix, in the operator's log and the body.
      console.error(`site settings are invalid: ${built.join("; ")}`);
      return new Response(`Service Unavailable: the site's settings are invalid.\n`, {
        status: 503,
        headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
      });
    }
    ready = built;
    return built.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;
