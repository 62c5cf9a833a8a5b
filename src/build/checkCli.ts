// `npm run check`: validates every seed exactly as the build does, writes nothing, and prints each
// problem as `file:line: message` on stdout (what editors and CI annotate), exit 1 on any.

import { dirname, join, resolve } from "node:path";
import { changeSummary, manifestOf } from "./changeSummary";
import { gitCacheFile, mediaFolder, readManifest, seedsFolder, validateSeeds } from "./validateSeeds";

const root = resolve(import.meta.dirname, "../..");
const { seedsDir, label } = seedsFolder(root);
const moduleFile = resolve(process.env.CONTENT_MODULE ?? resolve(root, "src/generated/content.ts"));

const started = performance.now();
const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(2)} s`;
try {
  const { stories } = await validateSeeds({
    seedsDir,
    label,
    photos: mediaFolder(seedsDir, label),
    verb: "check",
    gitCacheFile: gitCacheFile(root),
    problemsTo: (line) => console.log(line),
    failureSuffix: () => ` (${elapsed()})`,
  });
  const before = readManifest(join(dirname(moduleFile), "manifest.json"));
  console.error(
    `checked ${label}/: ${changeSummary(stories, before, Date.now(), before === null ? {} : manifestOf(stories))}; no problems (${elapsed()})`,
  );
} catch (error) {
  console.error(`check failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
