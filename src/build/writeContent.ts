// Writes a build's output: the story chunks as static assets and the index module the Worker bundles.

import { readdirSync, rmSync, type Dirent } from "node:fs";
import { join } from "node:path";
import { LAYOUT, type Layout } from "../core/archiveLayout";
import type { Story } from "../core/types";
import { archiveFiles } from "./archiveFiles";
import { contentModule } from "./contentModule";
import { searchIndex } from "./searchIndex";
import { writeAll, type FileContent, type WriteSummary } from "./writeAll";

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
  /** Other files (path -> text), e.g. the build manifest. */
  readonly also?: ReadonlyMap<string, string>;
  /** Photo variants: file name under `media/` -> the encoder's cache file. */
  readonly media?: ReadonlyMap<string, string>;
  /** Most asset files allowed (ASSET_FILE_BUDGET unless a test sets a smaller one). */
  readonly assetBudget?: number;
}

/** What was written, and how many asset files the build has in all. */
export interface ContentSummary extends WriteSummary {
  readonly assetFiles: number;
}

/**
 * Writes the archive files, the search index, the photos, `_headers`, the module and `extra.also`
 * all or nothing, each only when changed, and removes files no longer
 * needed: a build that fails leaves every previous file as it was.
 * Throws, writing nothing, when the assets would pass ASSET_FILE_BUDGET.
 */
export function writeContent(
  stories: readonly Story[],
  paths: OutputPaths,
  layout: Layout = LAYOUT,
  extra: ExtraOutput = {},
): ContentSummary {
  const mediaDir = join(paths.assetsDir, "media");
  const search = searchIndex(stories);
  const files = new Map<string, FileContent>();
  const archive = archiveFiles(stories, layout);
  for (const [path, json] of archive.files) files.set(join(paths.assetsDir, path), json);
  for (const [name, cached] of extra.media ?? []) files.set(join(mediaDir, name), { copyOf: cached });
  for (const [path, content] of search.files) files.set(join(paths.assetsDir, path), content);
  const assetFiles = files.size + 1;
  const budget = extra.assetBudget ?? ASSET_FILE_BUDGET;
  if (assetFiles > budget) {
    throw new Error(
      `${assetFiles} asset files (archive, search index and photo variants) would pass the budget of ${budget} (Workers' free plan serves 20,000); nothing was written`,
    );
  }
  files.set(join(paths.assetsDir, "_headers"), ASSET_HEADERS);
  files.set(
    paths.moduleFile,
    contentModule({ version: archive.version, total: stories.length, layout, search: search.manifest }),
  );
  for (const [path, text] of extra.also ?? []) files.set(path, text);
  const stale: string[] = [];
  const dirs = [
    ...["_chunks", "_stories", "_index", "_ids", "_topics"].map((dir) => join(paths.assetsDir, dir)),
    mediaDir,
    join(paths.assetsDir, "_search", "t"),
    join(paths.assetsDir, "_search", "s"),
    join(paths.assetsDir, "_search", "w"),
  ];
  for (const dir of dirs) {
    for (const entry of listing(dir)) {
      const path = join(dir, entry.name);
      // Temporary files and backups an interrupted build left behind are litter, not output.
      if (entry.isFile() && LEFTOVER.test(entry.name)) rmSync(path, { force: true });
      else if (entry.isFile() && !files.has(path)) stale.push(path);
    }
  }
  return { ...writeAll(files, stale), assetFiles };
}

/** What writeAll names its temporary files and backups: `<name>.<pid>-<hex>.tmp` / `.bak`. */
const LEFTOVER = /\.\d+-[0-9a-f]+\.(?:tmp|bak)$/;

function listing(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
