// The part every seed command shares: validate the folder as the build does, report, exit 1 on problems.

import { readFileSync, realpathSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { Story } from "../core/types";
import type { BuildOptions } from "./buildContent";
import type { Manifest } from "./changeSummary";
import type { SourceImage } from "./mediaVariants";
import { photosIn, photosInSeeds, type PhotoFolder } from "./photoFolder";
import { formatProblem, type Problem } from "./problem";
import { progress } from "./progress";

/** How a command reports the seeds' problems. */
export interface ReportOptions {
  readonly seedsDir: string;
  readonly label: string;
  /** Where the photos are read from (see mediaFolder). */
  readonly photos: PhotoFolder;
  /** The command, in its messages ("build", "check"). */
  readonly verb: string;
  readonly problemsTo: (line: string) => void;
  /** Where warnings go (with their `warning: ` prefix); standard error by default. */
  readonly warningsTo?: (line: string) => void;
  readonly failureSuffix?: () => string;
  readonly gitCacheFile?: string;
}

/**
 * Validates `seedsDir` (every problem as `file:line: message` on `problemsTo`),
 * exits 1 with a count when there are any, prints warnings, and returns the
 * stories.
 */
export async function validateSeeds(
  options: ReportOptions,
): Promise<{ stories: Story[]; media: SourceImage[] }> {
  const reading = progress(`${options.verb}: reading seeds`);
  const { buildContent } = await import("./buildContent");
  const result = await buildContent({ ...buildOptions(options), onProgress: reading.update });
  reading.done();
  return reported(result, options);
}

/**
 * The seeds folder of a command run from `root`, and how its messages name it.
 * SEEDS_DIR is the operator's choice: a link there is resolved, once, here.
 * The repository's seeds/ is taken as it is: a contributor could make it a
 * link, and planSeeds refuses that.
 */
export function seedsFolder(root: string): { seedsDir: string; label: string } {
  const given = process.env.SEEDS_DIR;
  const path = resolve(given ?? resolve(root, "seeds"));
  const label = relative(process.cwd(), path) || ".";
  return { seedsDir: given === undefined ? path : throughLink(path), label };
}

/**
 * Where a command reads the photos of `seedsDir` (named `label`) from: the
 * operator's MEDIA_DIR when set (a folder outside the repository, for an
 * archive too large for git), which then replaces seeds/media/ whole; else
 * seeds/media/. Like SEEDS_DIR, MEDIA_DIR is the operator's choice, its link
 * resolved once here; inside it, as in seeds/media/, no link is followed.
 */
export function mediaFolder(seedsDir: string, label: string): PhotoFolder {
  const given = process.env.MEDIA_DIR;
  if (!given) return photosInSeeds(seedsDir, label);
  const path = resolve(given);
  const named = `MEDIA_DIR ${relative(process.cwd(), path) || "."}/`;
  return photosIn(throughLink(path), named);
}

/** An operator's folder with its links resolved; as given when it cannot be (reading it says why). */
function throughLink(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** The options of a build of `options.seedsDir` (dates from git, SOURCE_DATE_EPOCH). */
export function buildOptions(options: ReportOptions): BuildOptions {
  return {
    seedsDir: options.seedsDir,
    label: options.label,
    photos: options.photos,
    sourceDateEpoch: process.env.SOURCE_DATE_EPOCH,
    ...(options.gitCacheFile ? { gitCacheFile: options.gitCacheFile } : {}),
  };
}

/** `result` if it has no problems (its warnings printed); else prints each problem and exits 1. */
export function reported<T extends { ok: true; warnings: string[] }>(
  result: T | { ok: false; problems: Problem[] },
  options: ReportOptions,
): T {
  if (!result.ok) {
    for (const problem of result.problems) options.problemsTo(formatProblem(problem));
    const files = new Set(result.problems.map((problem) => problem.file)).size;
    console.error(
      `${options.verb} failed: ${result.problems.length} problem(s) in ${files} file(s)${options.failureSuffix?.() ?? ""}`,
    );
    process.exit(1);
  }
  const warn = options.warningsTo ?? ((line: string) => console.error(line));
  for (const warning of result.warnings) warn(`warning: ${warning}`);
  return result;
}

/**
 * Where the build and the check keep the seeds' git dates between runs (see
 * gitDates.ts): beside the photo cache, never committed.
 */
export function gitCacheFile(root: string): string {
  return resolve(
    process.env.GIT_DATES_CACHE ?? resolve(root, "node_modules/.cache/edge-news-feed/git-dates.json"),
  );
}

/** The manifest the last build left, or null when there was none. */
export function readManifest(file: string): Manifest | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Manifest;
  } catch {
    return null;
  }
}
