// Writes a build's output: the story chunks as static assets and the index module the Worker bundles.

import { readdirSync, rmSync, type Dirent } from "node:fs";
import { join } from "node:path";
import { LAYOUT, type Layout } from "../core/archiveLayout";
import type { Story } from "../core/types";
import { emitArchive, type StoryDigests } from "./archiveFiles";
import { contentModule } from "./contentModule";
import { emitSearchIndex } from "./searchIndex";
import { Staging, type FileContent, type WriteSummary } from "./writeAll";

/** Where the output goes. */
export interface OutputPaths {
  /** The generated TypeScript module (the index). */
  readonly moduleFile: string;
  /** The Workers Static Assets folder; the archive goes to `_chunks/`, `_index/`, `_ids/`, `_topics/`. */
  readonly assetsDir: string;
}

/**
 * Workers' free plan serves at most 20,000 asset files; the build stops before
 * writing more (chunks, photos and `_headers` together).
 */
export const ASSET_FILE_BUDGET = 20_000;

/**
 * Headers of the static assets the platform serves without the Worker: photos
 * are named by their content's hash, so they never change and cache for a year.
 */
const ASSET_HEADERS = `/media/*
  Cache-Control: public, max-age=31536000, immutable
  X-Content-Type-Options: nosniff
`;

/** What a build writes besides the stories. */
export interface ExtraOutput {
  /** Other files (path -> text). */
  readonly also?: ReadonlyMap<string, string>;
  /** Where to write the build's manifest (story id -> digest, see changeSummary.ts), if anywhere. */
  readonly manifestFile?: string;
  /** Photo variants: file name under `media/` -> the encoder's cache file. */
  readonly media?: ReadonlyMap<string, string>;
  /** Most asset files allowed (ASSET_FILE_BUDGET unless a test sets a smaller one). */
  readonly assetBudget?: number;
}

/** What was written, how many asset files the build has in all, and the stories' digests. */
export interface ContentSummary extends WriteSummary {
  readonly assetFiles: number;
  readonly digests: StoryDigests;
}

/**
 * Writes the archive files, the search index, the photos, `_headers`, the
 * module, the manifest and `extra.also` all or nothing, each only when changed,
 * and removes files no longer needed: a build that fails leaves every previous
 * file as it was. Files are staged as they are made (see writeAll.ts), so the
 * build never holds the whole output at once. Throws, writing nothing, when
 * the assets would pass ASSET_FILE_BUDGET.
 */
export function writeContent(
  stories: readonly Story[],
  paths: OutputPaths,
  layout: Layout = LAYOUT,
  extra: ExtraOutput = {},
): ContentSummary {
  const mediaDir = join(paths.assetsDir, "media");
  const dirs = [
    ...["_chunks", "_stories", "_index", "_lists", "_ids", "_topics", "_topics/b", "_topics/t"].map((dir) =>
      join(paths.assetsDir, dir),
    ),
    mediaDir,
    join(paths.assetsDir, "_search", "t"),
    join(paths.assetsDir, "_search", "s"),
    join(paths.assetsDir, "_search", "w"),
  ];
  // What an earlier build left: temporary files and backups of an interrupted one are litter, to
  // go now; the rest is output, stale unless this build makes it again.
  const earlier: string[] = [];
  for (const path of outputFiles(dirs)) {
    if (LEFTOVER.test(path)) rmSync(path, { force: true });
    else earlier.push(path);
  }
  const staging = new Staging();
  try {
    const asset = (path: string, content: FileContent): void =>
      staging.stage(join(paths.assetsDir, path), content);
    const archive = emitArchive(stories, layout, asset);
    const search = emitSearchIndex(stories, asset);
    for (const [name, cached] of extra.media ?? []) staging.stage(join(mediaDir, name), { copyOf: cached });
    asset("_headers", ASSET_HEADERS);
    const assetFiles = staging.size;
    const budget = extra.assetBudget ?? ASSET_FILE_BUDGET;
    if (assetFiles > budget) {
      throw new Error(
        `${assetFiles} asset files (archive, search index and photo variants) would pass the budget of ${budget} (Workers' free plan serves 20,000); nothing was written`,
      );
    }
    staging.stage(
      paths.moduleFile,
      contentModule({ version: archive.version, total: stories.length, layout, search }),
    );
    if (extra.manifestFile) {
      staging.stage(extra.manifestFile, `${JSON.stringify(archive.digests, null, 1)}\n`);
    }
    for (const [path, text] of extra.also ?? []) staging.stage(path, text);
    const stale = earlier.filter((path) => !staging.has(path));
    return { ...staging.commit(stale), assetFiles, digests: archive.digests };
  } catch (error) {
    staging.abort();
    throw error;
  }
}
/** What writeAll names its temporary files and backups: `<name>.<pid>-<hex>.tmp` / `.bak`. */
const LEFTOVER = /\.\d+-[0-9a-f]+\.(?:tmp|bak)$/;

/** The files in the folders `dirs` (those that exist). */
function outputFiles(dirs: readonly string[]): string[] {
  const files: string[] = [];
  for (const dir of dirs) {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) if (entry.isFile()) files.push(join(dir, entry.name));
  }
  return files;
}
