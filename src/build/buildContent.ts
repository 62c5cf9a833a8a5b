// Reads a seeds folder, validates every seed and assembles the stories, in this thread (the build
// of a large folder parses and writes in worker threads instead: see buildPool.ts).

import type { Story } from "../core/types";
import type { SourceImage } from "./mediaVariants";
import { parseSeed, type SeedDraft } from "./parseSeed";
import { planSeeds, type BuildOptions, type ParseOutcome, type SeedParser } from "./planSeeds";
import type { Problem } from "./problem";
import { readSeed } from "./readSeed";
import { seedFacts, storyOf } from "./storyOf";

export type { BuildOptions } from "./planSeeds";

/** A SeedParser that parses in this thread, keeping each draft in `drafts` (by file name). */
export function parseHere(seedsDir: string, drafts: Map<string, SeedDraft>): SeedParser {
  return async (seeds, progress) =>
    seeds.map((seed, done): ParseOutcome => {
      if (done % 500 === 0) progress(done);
      const bytes = readSeed(seedsDir, seed);
      const parsed = "problems" in bytes ? bytes : parseSeed(seed.file, bytes, seed.format);
      if ("problems" in parsed) return parsed;
      drafts.set(seed.name, parsed.draft);
      return { facts: seedFacts(parsed.draft) };
    });
}

/**
 * A build either yields the stories, newest first (maybe with warnings), and the
 * photos they show (to encode), or fails with every problem found.
 */
export type BuildResult =
  | { ok: true; stories: Story[]; media: SourceImage[]; warnings: string[] }
  | { ok: false; problems: Problem[] };

/** Builds the stories of `options.seedsDir`; never throws for a bad seed, reports it. */
export async function buildContent(options: BuildOptions): Promise<BuildResult> {
  const drafts = new Map<string, SeedDraft>();
  const plan = await planSeeds(options, parseHere(options.seedsDir, drafts));
  if (!plan.ok) return plan;
  const stories = plan.seeds.map((seed) => storyOf(seed, drafts.get(seed.name)!, plan.images));
  return { ok: true, stories, media: plan.media, warnings: plan.warnings };
}
