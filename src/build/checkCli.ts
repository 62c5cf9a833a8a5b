// `npm run check`: validates every seed exactly as the build does, writes nothing, and prints each
// problem as `file:line: message` (what editors and CI annotate), exit 1 on any.

import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { buildContent } from "./buildContent";
import { changeSummary, type Manifest } from "./changeSummary";
import { formatProblem } from "./problem";
import { progress } from "./progress";

const root = resolve(import.meta.dirname, "../..");
const seedsDir = resolve(process.env.SEEDS_DIR ?? resolve(root, "seeds"));
const moduleFile = resolve(process.env.CONTENT_MODULE ?? resolve(root, "src/generated/content.ts"));
const label = relative(process.cwd(), seedsDir) || ".";

const started = performance.now();
const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(2)} s`;
try {
  const reading = progress("checking seeds");
  const result = buildContent({
    seedsDir,
    label,
    sourceDateEpoch: process.env.SOURCE_DATE_EPOCH,
    onProgress: reading.update,
  });
  reading.done();
  if (!result.ok) {
    for (const problem of result.problems) console.log(formatProblem(problem));
    const files = new Set(result.problems.map((problem) => problem.file)).size;
    console.error(`check failed: ${result.problems.length} problem(s) in ${files} file(s) (${elapsed()})`);
    process.exit(1);
  }
  for (const warning of result.warnings) console.error(`warning: ${warning}`);
  let before: Manifest | null = null;
  try {
    before = JSON.parse(readFileSync(join(dirname(moduleFile), "manifest.json"), "utf8")) as Manifest;
  } catch {
    // never built here: every story is new
  }
  console.error(
    `checked ${label}/: ${changeSummary(result.stories, before, Date.now())}; no problems (${elapsed()})`,
  );
} catch (error) {
  console.error(`check failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
