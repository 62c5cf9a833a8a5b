// The Worker's entry: the only importer of the generated content; builds the app once per isolate.

import type { Hono } from "hono";
import { content } from "../generated/content";
import { createApp } from "./createApp";
import { parseSite, type SiteVars } from "./parseSite";

let app: Promise<Hono | string[]> | undefined;

export default {
  async fetch(request, env, ctx) {
    app ??= (async () => {
      const parsed = parseSite(env);
      return "problems" in parsed ? parsed.problems : createApp(content, parsed.site);
    })();
    const ready = await app;
    if (Array.isArray(ready)) {
      // A deployment mistake, not a client's: say what to fix, in the operator's log and the body.
      console.error(`site settings are invalid: ${ready.join("; ")}`);
      return new Response(`Service Unavailable: the site's settings are invalid.\n`, {
        status: 503,
        headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
      });
    }
    return ready.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<SiteVars>;
