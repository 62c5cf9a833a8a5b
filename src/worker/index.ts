// The Worker's entry: the only importer of the generated content; builds the app once per isolate.

import { chunkSize, index, search } from "../generated/content";
import { assetLoader, chunkLoader } from "./chunkLoader";
import { createApp } from "./createApp";
import { lazyApp } from "./lazyApp";
import { parseSite, type SiteVars } from "./parseSite";

/** The Worker's bindings: the site settings and the static assets holding the story chunks. */
export interface Env extends SiteVars {
  ASSETS: Fetcher;
}

export default {
  fetch: lazyApp<Env>(async (env) => {
    const parsed = parseSite(env);
    if ("problems" in parsed) return parsed.problems;
    const content = {
      index,
      chunkSize,
      loadChunk: chunkLoader(env.ASSETS),
      search: { ...search, load: assetLoader(env.ASSETS) },
    };
    return createApp(content, parsed.site);
  }),
} satisfies ExportedHandler<Env>;
