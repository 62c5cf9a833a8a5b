// Reads a seeds folder, validates every seed and assembles the Content the Worker serves.

import { readdirSync, readFileSync, statSync, type Dirent } from "node:fs";
import { join } from "node:path";
import { dateRfc3339 } from "../core/dates";
import { slugify } from "../core/slugify";
import type { ImageFile, LeadImage, Story } from "../core/types";
import { distinctUpdated } from "./distinctUpdated";
import { gitDates } from "./gitDates";
import { inspectImage } from "./inspectImage";
import { figureHtml, markdownHtml, markdownText, type Photo } from "./markdownHtml";
import { mediaPath, mediaVariants, type SourceImage, type Variant } from "./mediaVariants";
import { parseSeed, type SeedDraft } from "./parseSeed";
import type { Problem } from "./problem";
import { parseSeedFileName } from "./seedFileName";
import { storyGuid } from "./storyGuid";
import { summarize } from "./summarize";

/** Inputs of a build that are not in the seeds themselves. */
export interface BuildOptions {
  /** The folder holding the seeds. */
  readonly seedsDir: string;
  /** How the folder is named in messages (e.g. `seeds`). */
  readonly label: string;
  /** `SOURCE_DATE_EPOCH` (seconds), the fallback date of seeds that neither front matter nor git dates. */
  readonly sourceDateEpoch?: string;
  /** Where to keep the seeds' git dates between builds (see gitDates), if anywhere. */
  readonly gitCacheFile?: string;
  /** Called as seeds are read (for a progress indicator on long builds). */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * A build either yields the stories, newest first (maybe with warnings), and the
 * photos they show (to encode), or fails with every problem found.
 */
export type BuildResult =
  | { ok: true; stories: Story[]; media: SourceImage[]; warnings: string[] }
  | { ok: false; problems: Problem[] };

interface Seed {
  file: string;
  number: number;
  id: string;
  parsed: SeedDraft;
}

/** The folder of photos inside the seeds folder. */
const MEDIA_FOLDER = "media";

/** Builds the stories of `options.seedsDir`; never throws for a bad seed, reports it. */
export async function buildContent(options: BuildOptions): Promise<BuildResult> {
  const { seedsDir, label } = options;
  const problems: Problem[] = [];
  const warnings: string[] = [];
  let entries: Dirent[];
  try {
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

  const seeds: Seed[] = [];
  // Every well-named file, readable or not: identity and order must be unambiguous across all of them.
  const named: { file: string; number: number; id: string }[] = [];
  for (const [done, entry] of entries.entries()) {
    if (done % 500 === 0) options.onProgress?.(done, entries.length);
    const { name } = entry;
    if (name.startsWith(".")) continue; // .gitkeep, editor swap files: not seeds
    const file = `${label}/${name}`;
    const path = join(seedsDir, name);
    if (name === MEDIA_FOLDER && isDirectory(entry, path)) continue; // photos, read when a story shows them
    if (!isFile(entry, path)) {
      problems.push({
        file,
        message: "not a file: the seeds folder holds only NNN_<id>.txt and NNN_<id>.md files and media/",
      });
      continue;
    }
    const parsedName = parseSeedFileName(name);
    if ("error" in parsedName) {
      problems.push({ file, message: parsedName.error });
      continue;
    }
    named.push({ file, ...parsedName });
    const parsed = parseSeed(file, readFileSync(path), parsedName.format);
    if ("problems" in parsed) problems.push(...parsed.problems);
    else seeds.push({ file, ...parsedName, parsed: parsed.draft });
  }
  // A million seeds' folder entries, drafts and names weigh hundreds of MB: each list is emptied
  // as soon as it has served, so the build's peak memory is the stories', not theirs as well.
  entries.length = 0;

  for (const [key, what] of [
    ["id", "id"],
    ["number", "number NNN"],
  ] as const) {
    const byKey = new Map<string | number, typeof named>();
    for (const seed of named) {
      const group = byKey.get(seed[key]);
      if (group) group.push(seed);
      else byKey.set(seed[key], [seed]);
    }
    for (const [value, group] of byKey) {
      if (group.length < 2) continue;
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
  named.length = 0;
  // Every photo a Markdown story shows, inspected once however many stories show it.
  const photos = new Map<string, Promise<SourceImage | string>>();
  for (const seed of seeds) {
    for (const ref of photoRefs(seed.parsed)) {
      if (!photos.has(ref.src)) photos.set(ref.src, inspectImage(seedsDir, ref.src));
    }
  }
  const inspected = new Map<string, SourceImage | string>();
  for (const [src, promise] of photos) inspected.set(src, await promise);
  for (const seed of seeds) {
    for (const ref of photoRefs(seed.parsed)) {
      const image = inspected.get(ref.src);
      if (typeof image === "string") problems.push({ file: seed.file, line: ref.line, message: image });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const images = inspected as Map<string, SourceImage>;

  const history = gitDates(
    seedsDir,
    seeds.map((seed) => seed.file.slice(label.length + 1)),
    options.gitCacheFile,
  );
  const undated: string[] = [];
  const stories: Story[] = seeds.map((seed) => {
    const { frontMatter } = seed.parsed;
    const name = seed.file.slice(label.length + 1);
    const fromGit = history.get(name);
    let fallback: string | undefined;
    if (!fromGit && !frontMatter.date) {
      undated.push(seed.file);
      fallback = fallbackDate(join(seedsDir, name), options.sourceDateEpoch);
    }
    const published = frontMatter.date ? dateRfc3339(frontMatter.date) : (fromGit?.created ?? fallback!);
    // With a front-matter date and no other evidence of change, the story was last updated when published.
    const candidate = frontMatter.updated
      ? dateRfc3339(frontMatter.updated)
      : (fromGit?.updated ?? (frontMatter.date ? published : fallback!));
    return {
      id: seed.id,
      number: seed.number,
      guid: storyGuid(seed.id),
      title: seed.parsed.title,
      slug: slugify(seed.parsed.title),
      paragraphs: seed.parsed.paragraphs,
      summary:
        frontMatter.summary ??
        summarize(seed.parsed.markdown?.firstParagraph ?? seed.parsed.paragraphs[0] ?? seed.parsed.title),
      ...(seed.parsed.markdown ? richBody(seed.parsed, images) : {}),
      author: frontMatter.author ?? null,
      tags: frontMatter.tags ?? [],
      ...(frontMatter.draft ? { draft: true as const } : {}),
      ...(frontMatter.retracted ? { retracted: true as const } : {}),
      ...(frontMatter.correction ? { correction: frontMatter.correction } : {}),
      published,
      // A story cannot be updated before it was published.
      updated: candidate > published ? candidate : published,
    };
  });
  if (undated.length > 0) {
    const source =
      options.sourceDateEpoch !== undefined ? "SOURCE_DATE_EPOCH" : "the file's modification time";
    warnings.push(
      `${undated.length} seed(s) have no date in front matter and no git history; using ${source}: ${undated.slice(0, 5).join(", ")}${undated.length > 5 ? ", ..." : ""}`,
    );
  }
  // Newest first; seeds published at the same instant keep their NNN order (higher first).
  seeds.length = 0;
  const dated = distinctUpdated(stories);
  stories.length = 0;
  dated.sort((a, b) =>
    a.published === b.published ? b.number - a.number : a.published < b.published ? 1 : -1,
  );
  const media = [...new Map([...images.values()].map((image) => [image.hash, image])).values()];
  media.sort((a, b) => (a.hash < b.hash ? -1 : 1));
  return { ok: true, stories: dated, media, warnings };
}

/** The photos a draft shows: its front-matter lead, then those of its body. */
function photoRefs(draft: SeedDraft): { src: string; line: number }[] {
  return [...(draft.frontMatter.image ? [draft.frontMatter.image] : []), ...(draft.markdown?.images ?? [])];
}

/** A Markdown story's HTML, plain text and lead image, its photos inspected. */
function richBody(
  draft: SeedDraft,
  images: ReadonlyMap<string, SourceImage>,
): Pick<Story, "html" | "text" | "image"> {
  const markdown = draft.markdown!;
  const photos: Photo[] = markdown.images.map((ref) => ({ image: images.get(ref.src)!, ref }));
  const given = draft.frontMatter.image;
  // The lead: front matter `image`, else the first photo of the story.
  const lead = given ? { image: images.get(given.src)!, ref: given } : photos[0];
  const leadIndex = given
    ? markdown.images.findIndex((ref) => ref.src === given.src)
    : photos.length > 0
      ? 0
      : -1;
  const text = markdownText(markdown.tree);
  const html = markdownHtml(markdown.tree, photos, leadIndex);
  return { html, text, ...(lead ? { image: leadImage(lead, leadIndex >= 0) } : {}) };
}

/** The lead image's files and figure. */
function leadImage(photo: Photo, inBody: boolean): LeadImage {
  const variants = mediaVariants(photo.image);
  const file = (variant: Variant): ImageFile => ({
    url: mediaPath(variant),
    width: variant.width,
    height: variant.height,
  });
  const jpegs = variants.filter((variant) => variant.kind === "w" && variant.format === "jpeg");
  const crop = (kind: Variant["kind"]): ImageFile => file(variants.find((variant) => variant.kind === kind)!);
  const { alt, caption, credit } = photo.ref;
  return {
    alt,
    ...(caption ? { caption } : {}),
    ...(credit ? { credit } : {}),
    full: file(jpegs.at(-1)!),
    thumbnail: file(jpegs[0]!),
    card: crop("card"),
    crops: [crop("16x9"), crop("4x3"), crop("1x1")],
    figure: figureHtml(photo),
    inBody,
  };
}

/** Whether a folder entry is a file; a symbolic link counts as what it points to. */
function isFile(entry: Dirent, path: string): boolean {
  return entry.isSymbolicLink()
    ? statSync(path, { throwIfNoEntry: false })?.isFile() === true
    : entry.isFile();
}

function isDirectory(entry: Dirent, path: string): boolean {
  return entry.isSymbolicLink()
    ? statSync(path, { throwIfNoEntry: false })?.isDirectory() === true
    : entry.isDirectory();
}

function fallbackDate(path: string, sourceDateEpoch: string | undefined): string {
  if (sourceDateEpoch !== undefined && /^\d+$/.test(sourceDateEpoch)) {
    return dateRfc3339(new Date(Number(sourceDateEpoch) * 1000));
  }
  return dateRfc3339(new Date(Math.floor(statSync(path).mtimeMs / 1000) * 1000));
}
