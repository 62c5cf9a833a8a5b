// `npm run build`: validates seeds/ and writes the story index module and chunk assets, or fails listing every problem.

import { relative, resolve } from "node:path";
import { buildContent } from "./buildContent";
import { formatProblem } from "./problem";
import { writeContent } from "./writeContent";

const root = resolve(import.meta.dirname, "../..");
const seedsDir = resolve(process.env.SEEDS_DIR ?? resolve(root, "seeds"));
const moduleFile = resolve(process.env.CONTENT_MODULE ?? resolve(root, "src/generated/content.ts"));
const assetsDir = resolve(process.env.ASSETS_DIR ?? resolve(root, "dist/assets"));
const label = relative(process.cwd(), seedsDir) || ".";

try {
  const result = buildContent({ seedsDir, label, sourceDateEpoch: process.env.SOURCE_DATE_EPOCH });
  if (!result.ok) {
    for (const problem of result.problems) console.error(formatProblem(problem));
    const files = new Set(result.problems.map((problem) => problem.file)).size;
    console.error(
      `build failed: ${result.problems.length} problem(s) in ${files} file(s); nothing was written`,
    );
    process.exit(1);
  }
  for (const warning of result.warnings) console.error(`warning: ${warning}`);
  const { written, removed } = writeContent(result.stories, { moduleFile, assetsDir });
  const change =
    written + removed === 0 ? "unchanged" : `content updated: ${written} file(s) written, ${removed} removed`;
  console.error(`built ${result.stories.length} stories from ${label}/ (${change})`);
  if (process.env.BUILD_STATS) console.error(`build stats: maxRSS=${process.resourceUsage().maxRSS}KiB`);
} catch (error) {
  // An I/O failure, not a seed problem: one clear line, no stack trace.
  console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
