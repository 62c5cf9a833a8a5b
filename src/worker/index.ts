// The Worker's entry: the only importer of the generated content; builds the app once per isolate.

import { manifest } from "../generated/content";
import { assetLoader } from "./assetLoader";
import { createApp } from "./createApp";
import { lazyApp } from "./lazyApp";
import { parseSite, type SiteVars } from "./parseSite";

/** The Worker's bindings: the site settings and the static assets holding the archive. */
export interface Env extends SiteVars {
  ASSETS: Fetcher;
}

export default {
  fetch: lazyApp<Env>(async (env) => {
    const parsed = parseSite(env);
    if ("problems" in parsed) return parsed.problems;
    return createApp({ manifest, read: assetLoader(env.ASSETS) }, parsed.site);
  }),
} satisfies ExportedHandler<Env>;
