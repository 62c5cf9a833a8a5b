// `npm run build`: validates seeds/ and writes the story index module and chunk assets, or fails listing
// every problem. Prints one line saying what changed since the last build.

import { dirname, join, relative, resolve } from "node:path";
import { changeSummary } from "./changeSummary";
import { gitCacheFile, readManifest, validateSeeds } from "./validateSeeds";
import { encodeMedia } from "./encodeMedia";
import { progress } from "./progress";
import { ASSET_FILE_BUDGET, writeContent } from "./writeContent";

const root = resolve(import.meta.dirname, "../..");
const seedsDir = resolve(process.env.SEEDS_DIR ?? resolve(root, "seeds"));
const moduleFile = resolve(process.env.CONTENT_MODULE ?? resolve(root, "src/generated/content.ts"));
const assetsDir = resolve(process.env.ASSETS_DIR ?? resolve(root, "dist/assets"));
const manifestFile = join(dirname(moduleFile), "manifest.json");
const label = relative(process.cwd(), seedsDir) || ".";
const cacheDir = resolve(
  process.env.MEDIA_CACHE_DIR ?? resolve(root, "node_modules/.cache/edge-news-feed/media"),
);

try {
  const { stories, media } = await validateSeeds({
    seedsDir,
    label,
    verb: "build",
    gitCacheFile: gitCacheFile(root),
    problemsTo: (line) => console.error(line),
    failureSuffix: () => "; nothing was written",
  });
  const before = readManifest(manifestFile);
  // Photos: encoded once into a cache kept between builds, keyed by content and settings.
  const encoding = progress("build: encoding photos");
  const encoded = await encodeMedia(seedsDir, media, cacheDir, encoding.update);
  encoding.done();
  // All or nothing, and only what changed: wrangler dev watches src/ and would rebuild forever.
  const { written, removed, assetFiles, digests } = writeContent(
    stories,
    { moduleFile, assetsDir },
    undefined,
    {
      manifestFile,
      media: encoded.files,
    },
  );
  const summary = changeSummary(stories, before, Date.now(), digests);
  const files =
    written + removed === 0 ? "output unchanged" : `${written} file(s) written, ${removed} removed`;
  const photos =
    media.length === 0
      ? ""
      : `; ${media.length} photo(s), ${encoded.encoded} variant(s) encoded, ${encoded.reused} reused`;
  console.error(
    `built ${label}/: ${summary} (${files}; ${assetFiles} asset files of ${ASSET_FILE_BUDGET}${photos})`,
  );
  if (process.env.BUILD_STATS) console.error(`build stats: maxRSS=${process.resourceUsage().maxRSS}KiB`);
} catch (error) {
  // An I/O failure, not a seed problem: one clear line, no stack trace.
  console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
