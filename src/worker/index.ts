// The Worker's entry: the only importer of the generated content; builds the app once per isolate.

import { manifest } from "../generated/content";
import { assetLoader } from "./assetLoader";
import { createApp } from "./createApp";
import { lazyApp } from "./lazyApp";
import { parseSite, type SiteVars } from "./parseSite";

/** The Worker's bindings: the site settings, the static assets holding the archive, the photos' bucket. */
export interface Env extends SiteVars {
  ASSETS: Fetcher;
  MEDIA: R2Bucket;
}

export default {
  fetch: lazyApp<Env>(async (env) => {
    const parsed = parseSite(env);
    if ("problems" in parsed) return parsed.problems;
    return createApp({ manifest, read: assetLoader(env.ASSETS) }, parsed.site, {
      media: { bucket: env.MEDIA, cache: caches.default },
    });
  }),
} satisfies ExportedHandler<Env>;
