// `npm run build`: validates seeds/ and writes the story index module and chunk assets, or fails listing
// every problem. Prints one line saying what changed since the last build.

import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { buildContent } from "./buildContent";
import { changeSummary, manifestOf, type Manifest } from "./changeSummary";
import { formatProblem } from "./problem";
import { progress } from "./progress";
import { writeContent } from "./writeContent";
import { writeIfChanged } from "./writeIfChanged";

const root = resolve(import.meta.dirname, "../..");
const seedsDir = resolve(process.env.SEEDS_DIR ?? resolve(root, "seeds"));
const moduleFile = resolve(process.env.CONTENT_MODULE ?? resolve(root, "src/generated/content.ts"));
const assetsDir = resolve(process.env.ASSETS_DIR ?? resolve(root, "dist/assets"));
const manifestFile = join(dirname(moduleFile), "manifest.json");
const label = relative(process.cwd(), seedsDir) || ".";

function previousManifest(): Manifest | null {
  try {
    return JSON.parse(readFileSync(manifestFile, "utf8")) as Manifest;
  } catch {
    return null;
  }
}

try {
  const reading = progress("reading seeds");
  const result = buildContent({
    seedsDir,
    label,
    sourceDateEpoch: process.env.SOURCE_DATE_EPOCH,
    onProgress: reading.update,
  });
  reading.done();
  if (!result.ok) {
    for (const problem of result.problems) console.error(formatProblem(problem));
    const files = new Set(result.problems.map((problem) => problem.file)).size;
    console.error(
      `build failed: ${result.problems.length} problem(s) in ${files} file(s); nothing was written`,
    );
    process.exit(1);
  }
  for (const warning of result.warnings) console.error(`warning: ${warning}`);
  const summary = changeSummary(result.stories, previousManifest(), Date.now());
  const { written, removed } = writeContent(result.stories, { moduleFile, assetsDir });
  // Only when changed: wrangler dev watches src/ and would rebuild forever.
  writeIfChanged(manifestFile, `${JSON.stringify(manifestOf(result.stories), null, 1)}\n`);
  const files =
    written + removed === 0 ? "output unchanged" : `${written} file(s) written, ${removed} removed`;
  console.error(`built ${label}/: ${summary} (${files})`);
  if (process.env.BUILD_STATS) console.error(`build stats: maxRSS=${process.resourceUsage().maxRSS}KiB`);
} catch (error) {
  // An I/O failure, not a seed problem: one clear line, no stack trace.
  console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
