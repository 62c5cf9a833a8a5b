// Reads a seeds folder's names, has every seed parsed, and plans the build: every problem found, or
// each story's identity and dates, newest first, and the photos the stories show.

import { lstatSync, readdirSync, type Dirent } from "node:fs";
import { join } from "node:path";
import { dateRfc3339 } from "../core/dates";
import { distinctUpdated } from "./distinctUpdated";
import { instantOrder, instants } from "./instantOrder";
import { gitDates } from "./gitDates";
import { inspectImage } from "./inspectImage";
import { notRegularFile } from "./openContentFile";
import type { SourceImage } from "./mediaVariants";
import { photosInSeeds, type PhotoFolder } from "./photoFolder";
import type { Problem } from "./problem";
import { parseSeedFileName, type SeedName } from "./seedFileName";
import { shareCardWarnings } from "./shareCardWarnings";
import type { PlannedSeed, SeedFacts } from "./storyOf";

/** Inputs of a build that are not in the seeds themselves. */
export interface BuildOptions {
  /**
   * The folder holding the seeds: not a symbolic link (a contributor could
   * commit one in place of seeds/); a folder the operator names through a
   * link is resolved by the caller (see seedsFolder).
   */
  readonly seedsDir: string;
  /** How the folder is named in messages (e.g. `seeds`). */
  readonly label: string;
  /** Where the photos are read from (MEDIA_DIR, see mediaFolder); the seeds folder's media/ by default. */
  readonly photos?: PhotoFolder;
  /** `SOURCE_DATE_EPOCH` (seconds), the fallback date of seeds that neither front matter nor git dates. */
  readonly sourceDateEpoch?: string;
  /** Where to keep the seeds' git dates between builds (see gitDates), if anywhere. */
  readonly gitCacheFile?: string;
  /** Called as seeds are parsed (for a progress indicator on long builds). */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Called once the folder is listed, with its number of entries, before
   * their names are checked: time to start what parsing them will take.
   */
  readonly onListed?: (entries: number) => void;
}

/** A well-named seed file, to parse. */
export interface SeedFile extends SeedName {
  /** Its name in the seeds folder. */
  readonly name: string;
  /** How messages name it: `<label>/<name>`. */
  readonly file: string;
}

/** A parsed seed's facts, or its problems. */
export type ParseOutcome = { readonly facts: SeedFacts } | { readonly problems: readonly Problem[] };

/**
 * Parses `seeds` (reading each file) and returns, in the same order, each
 * one's outcome; calls `progress` with how many are done, now and then.
 */
export type SeedParser = (
  seeds: readonly SeedFile[],
  progress: (done: number) => void,
) => Promise<ParseOutcome[]>;

/**
 * A plan: the seeds newest first, dated (seeds published at the same instant
 * keep their NNN order, higher first), the photos they show and warnings; or
 * every problem found.
 */
export type Plan =
  | {
      ok: true;
      seeds: PlannedSeed[];
      images: Map<string, SourceImage>;
      media: SourceImage[];
      warnings: string[];
    }
  | { ok: false; problems: Problem[] };

/** The folder of photos inside the seeds folder. */
const MEDIA_FOLDER = "media";

/** Plans the build of `options.seedsDir`, each seed parsed by `parse`; never throws for a bad seed, reports it. */
export async function planSeeds(options: BuildOptions, parse: SeedParser): Promise<Plan> {
  const { seedsDir, label } = options;
  let entries: Dirent[];
  try {
    const folder = lstatSync(seedsDir);
    if (folder.isSymbolicLink()) {
      return {
        ok: false,
        problems: [{ file: label, message: `the seeds folder is ${notRegularFile(folder)}` }],
      };
    }
    entries = readdirSync(seedsDir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  } catch (error) {
    return {
      ok: false,
      problems: [
        {
          file: label,
          message: `cannot read the seeds folder (${(error as NodeJS.ErrnoException).code ?? "error"})`,
        },
      ],
    };
  }
  options.onListed?.(entries.length);
  // Every well-named file, readable or not: identity and order must be unambiguous across all of
  // them. Problems are listed in the folder's order, each file's name problem or parse problems.
  // The listing's types are the entries' own (a link is a link, not what it points to): a link,
  // a FIFO or a device is refused here, and again by openContentFile if one is put in a seed's
  // place after this.
  const named: SeedFile[] = [];
  const inOrder: (Problem | number)[] = [];
  for (const entry of entries) {
    const { name } = entry;
    if (name.startsWith(".")) continue; // .gitkeep, editor swap files: not seeds
    const file = `${label}/${name}`;
    if (name === MEDIA_FOLDER && entry.isDirectory()) continue; // photos, read when a story shows them
    if (entry.isDirectory()) {
      inOrder.push({
        file,
        line: 1,
        message: "not a file: the seeds folder holds only NNN_<id>.txt and NNN_<id>.md files and media/",
      });
      continue;
    }
    if (!entry.isFile()) {
      inOrder.push({ file, line: 1, message: notRegularFile(entry) });
      continue;
    }
    const parsedName = parseSeedFileName(name);
    if ("error" in parsedName) {
      inOrder.push({ file, message: parsedName.error });
      continue;
    }
    inOrder.push(named.push({ name, file, ...parsedName }) - 1);
  }
  // A million seeds' folder entries weigh hundreds of MB: gone as soon as they have served.
  entries.length = 0;
  const outcomes = await parse(named, (done) => options.onProgress?.(done, named.length));
  const problems: Problem[] = [];
  for (const item of inOrder) {
    if (typeof item !== "number") problems.push(item);
    else {
      const outcome = outcomes[item]!;
      if ("problems" in outcome) problems.push(...outcome.problems);
    }
  }
  inOrder.length = 0;

  for (const [key, what] of [
    ["id", "id"],
    ["number", "number NNN"],
  ] as const) {
    // The first seed of each value; a group only for values used more than once (a million
    // seeds, a million one-seed groups, was most of this check's time and memory).
    const first = new Map<string | number, number>();
    const groups = new Map<string | number, SeedFile[]>();
    named.forEach((seed, i) => {
      const value = seed[key];
      const at = first.get(value);
      if (at === undefined) first.set(value, i);
      else groups.get(value)?.push(seed) ?? groups.set(value, [named[at]!, seed]);
    });
    // In the order of each value's first use, as the folder lists them.
    const ordered = [...groups].sort(([a], [b]) => first.get(a)! - first.get(b)!);
    for (const [value, group] of ordered) {
      for (const seed of group) {
        const others = group.filter((other) => other !== seed).map((other) => other.file);
        problems.push({
          file: seed.file,
          message: `${what} ${JSON.stringify(String(value))} is also used by ${others.join(", ")}`,
        });
      }
    }
  }
  if (problems.length === 0 && named.length === 0) {
    problems.push({ file: label, message: "no stories: add a seed such as 001_<id>.txt" });
  }
  const parsed: { seed: SeedFile; seq: number; facts: SeedFacts }[] = [];
  named.forEach((seed, seq) => {
    const outcome = outcomes[seq]!;
    if ("facts" in outcome) parsed.push({ seed, seq, facts: outcome.facts });
  });
  named.length = 0;
  outcomes.length = 0;
  // Every photo a Markdown story shows, inspected once however many stories show it.
  const photos = new Map<string, Promise<SourceImage | string>>();
  const photoFolder = options.photos ?? photosInSeeds(seedsDir, label);
  for (const { facts } of parsed) {
    for (const ref of facts.photos) {
      if (!photos.has(ref.src)) photos.set(ref.src, inspectImage(photoFolder, ref.src));
    }
  }
  const inspected = new Map<string, SourceImage | string>();
  for (const [src, promise] of photos) inspected.set(src, await promise);
  for (const { seed, facts } of parsed) {
    for (const ref of facts.photos) {
      const image = inspected.get(ref.src);
      if (typeof image === "string") problems.push({ file: seed.file, line: ref.line, message: image });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const images = inspected as Map<string, SourceImage>;

  const history = gitDates(
    seedsDir,
    parsed.map(({ seed }) => seed.name),
    options.gitCacheFile,
  );
  const undated: string[] = [];
  const planned: PlannedSeed[] = parsed.map(({ seed, seq, facts }) => {
    const fromGit = history.get(seed.name);
    let fallback: string | undefined;
    if (!fromGit && !facts.date) {
      undated.push(seed.file);
      fallback = fallbackDate(join(seedsDir, seed.name), options.sourceDateEpoch);
    }
    const published = facts.date ?? fromGit?.created ?? fallback!;
    // With a front-matter date and no other evidence of change, the story was last updated when published.
    const candidate = facts.updated ?? fromGit?.updated ?? (facts.date ? published : fallback!);
    const { name, number, id, format } = seed;
    // A story cannot be updated before it was published.
    return {
      name,
      seq,
      number,
      id,
      format,
      published,
      updated: candidate > published ? candidate : published,
    };
  });
  // Lead photos too small for a large share card: published, each named in a warning.
  const warnings = shareCardWarnings(parsed, images);
  parsed.length = 0;
  if (undated.length > 0) {
    const source =
      options.sourceDateEpoch !== undefined ? "SOURCE_DATE_EPOCH" : "the file's modification time";
    warnings.push(
      `${undated.length} seed(s) have no date in front matter and no git history; using ${source}: ${undated.slice(0, 5).join(", ")}${undated.length > 5 ? ", ..." : ""}`,
    );
  }
  // Newest first; seeds published at the same instant keep their NNN order (higher first).
  const dated = distinctUpdated(planned);
  planned.length = 0;
  const order = instantOrder(
    dated,
    instants(dated, (seed) => seed.published),
    true,
  );
  const seeds = order.map((i) => dated[i]!);
  const media = [...new Map([...images.values()].map((image) => [image.hash, image])).values()];
  media.sort((a, b) => (a.hash < b.hash ? -1 : 1));
  return { ok: true, seeds, images, media, warnings };
}

function fallbackDate(path: string, sourceDateEpoch: string | undefined): string {
  if (sourceDateEpoch !== undefined && /^\d+$/.test(sourceDateEpoch)) {
    return dateRfc3339(new Date(Number(sourceDateEpoch) * 1000));
  }
  return dateRfc3339(new Date(Math.floor(lstatSync(path).mtimeMs / 1000) * 1000));
}
