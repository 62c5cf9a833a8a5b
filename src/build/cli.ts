// `npm run build`: validates seeds/ and writes the story index module and chunk assets, or fails listing
// every problem. Prints one line saying what changed since the last build.

import { dirname, join, relative, resolve } from "node:path";
import { changeSummary, manifestOf } from "./changeSummary";
import { readManifest, validateSeeds } from "./validateSeeds";
import { writeContent } from "./writeContent";

const root = resolve(import.meta.dirname, "../..");
const seedsDir = resolve(process.env.SEEDS_DIR ?? resolve(root, "seeds"));
const moduleFile = resolve(process.env.CONTENT_MODULE ?? resolve(root, "src/generated/content.ts"));
const assetsDir = resolve(process.env.ASSETS_DIR ?? resolve(root, "dist/assets"));
const manifestFile = join(dirname(moduleFile), "manifest.json");
const label = relative(process.cwd(), seedsDir) || ".";

try {
  const stories = validateSeeds({
    seedsDir,
    label,
    verb: "build",
    problemsTo: (line) => console.error(line),
    failureSuffix: () => "; nothing was written",
  });
  const summary = changeSummary(stories, readManifest(manifestFile), Date.now());
  // All or nothing, and only what changed: wrangler dev watches src/ and would rebuild forever.
  const manifest = new Map([[manifestFile, `${JSON.stringify(manifestOf(stories), null, 1)}\n`]]);
  const { written, removed } = writeContent(stories, { moduleFile, assetsDir }, undefined, manifest);
  const files =
    written + removed === 0 ? "output unchanged" : `${written} file(s) written, ${removed} removed`;
  console.error(`built ${label}/: ${summary} (${files})`);
  if (process.env.BUILD_STATS) console.error(`build stats: maxRSS=${process.resourceUsage().maxRSS}KiB`);
} catch (error) {
  // An I/O failure, not a seed problem: one clear line, no stack trace.
  console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
