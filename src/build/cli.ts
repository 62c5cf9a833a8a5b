// `npm run build`: validates seeds/ and writes src/generated/content.ts, or fails listing every problem.

import { relative, resolve } from "node:path";
import { buildContent } from "./buildContent";
import { contentModule } from "./contentModule";
import { formatProblem } from "./problem";
import { writeIfChanged } from "./writeIfChanged";

const root = resolve(import.meta.dirname, "../..");
const seedsDir = resolve(process.env.SEEDS_DIR ?? resolve(root, "seeds"));
const outFile = resolve(process.env.CONTENT_MODULE ?? resolve(root, "src/generated/content.ts"));
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
  const written = writeIfChanged(outFile, contentModule(result.content));
  console.error(
    `built ${result.content.stories.length} stories from ${label}/ (${written ? "content updated" : "unchanged"})`,
  );
} catch (error) {
  // An I/O failure, not a seed problem: one clear line, no stack trace.
  console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
