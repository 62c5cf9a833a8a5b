// Writes a build's output: the story chunks as static assets and the index module the Worker bundles.

import { existsSync, readdirSync, rmSync, statSync, type Dirent } from "node:fs";
import { join } from "node:path";
import { LAYOUT, type Layout } from "../core/archiveLayout";
import type { Story } from "../core/types";
import type { IndexedStory } from "../core/indexEntry";
import type { Listing } from "../core/search/indexFormat";
import { ArchiveEmitter, encodeStory, type StoryDigests } from "./archiveFiles";
import { contentModule } from "./contentModule";
import {
  DocTerms,
  listing,
  memoizedTermIds,
  SearchIndexEmitter,
  TermTranslation,
  type TermIds,
} from "./searchIndex";
import { Staging, type FileContent, type StagedFile, type WriteSummary } from "./writeAll";

/** Where the output goes. */
export interface OutputPaths {
  /** The generated TypeScript module (the index). */
  readonly moduleFile: string;
  /** The Workers Static Assets folder; the archive goes to `_chunks/`, `_index/`, `_ids/`, `_topics/`. */
  readonly assetsDir: string;
}

/**
 * Workers' free plan serves at most 20,000 asset files; the build stops before
 * writing more (archive and search files; photos are not assets, see MediaOutput).
 */
export const ASSET_FILE_BUDGET = 20_000;

/** Media types of the files the build encodes, by extension: what the upload stores and the Worker sends. */
const MEDIA_TYPES: Readonly<Record<string, string>> = { jpg: "image/jpeg", webp: "image/webp" };

/** The list of media objects a build references, beside them in the media folder (see MediaOutput). */
export const MEDIA_MANIFEST = "manifest.json";

/** What a build writes besides the stories. */
export interface ExtraOutput {
  /** Other files (path -> text). */
  readonly also?: ReadonlyMap<string, string>;
  /** Where to write the build's manifest (story id -> digest, see changeSummary.ts), if anywhere. */
  readonly manifestFile?: string;
  /** The photo variants, staged for upload to the media bucket, never as assets (see MediaOutput). */
  readonly media?: MediaOutput;
  /** Most asset files allowed (ASSET_FILE_BUDGET unless a test sets a smaller one). */
  readonly assetBudget?: number;
  /** The chunks (and stories' own files) are staged by the build's workers, not by `add`. */
  readonly chunksElsewhere?: boolean;
}

/**
 * The media folder (`dist/media/`): every variant the stories reference, by
 * its object key (the file name), and `manifest.json` listing them with their
 * media type and size, one JSON array `[key, type, bytes]` a line, sorted by
 * key: what `npm run media` loads into a bucket.
 */
export interface MediaOutput {
  readonly dir: string;
  /** Object key -> the encoder's cache file holding its bytes. */
  readonly files: ReadonlyMap<string, string>;
}

/** What was written, how many asset files the build has in all, and the stories' digests. */
export interface ContentSummary extends WriteSummary {
  readonly assetFiles: number;
  readonly digests: StoryDigests;
}

/**
 * Writes the archive files, the search index, the media folder, the
 * module, the manifest and `extra.also` all or nothing, each only when changed,
 * and removes files no longer needed: a build that fails leaves every previous
 * file as it was. Throws, writing nothing, when the assets would pass
 * ASSET_FILE_BUDGET. (The stories, newest first, all in memory: see
 * ContentWriter for a build that makes them one at a time.)
 */
export function writeContent(
  stories: readonly Story[],
  paths: OutputPaths,
  layout: Layout = LAYOUT,
  extra: ExtraOutput = {},
): ContentSummary {
  const writer = new ContentWriter(stories.length, paths, layout, extra);
  try {
    for (let i = stories.length - 1; i >= 0; i--) writer.addStory(stories[i]!);
  } catch (error) {
    writer.abort();
    throw error;
  }
  return writer.finish();
}

/**
 * The build's output, made story by story (oldest first) and put in place by
 * `finish`, all or nothing (see writeContent). Files are staged as they are
 * made (see writeAll.ts), so the build never holds the whole output at once.
 */
export class ContentWriter {
  /** The search index, for the ids of the terms given to `add`. */
  readonly search: SearchIndexEmitter;
  private readonly archive: ArchiveEmitter;
  private readonly staging = new Staging();
  private readonly earlier: string[] = [];
  private ownTerms?: { tokenizer: TermIds; translation: TermTranslation; doc: DocTerms };

  /** A writer of `total` stories to `paths`. */
  constructor(
    private readonly total: number,
    private readonly paths: OutputPaths,
    private readonly layout: Layout = LAYOUT,
    private readonly extra: ExtraOutput = {},
  ) {
    const dirs = [
      ...["_chunks", "_stories", "_index", "_lists", "_ids", "_topics", "_topics/b", "_topics/t"].map((dir) =>
        join(paths.assetsDir, dir),
      ),
      // Where photos went before they moved to the media bucket: emptied by the first build since.
      join(paths.assetsDir, "media"),
      ...(extra.media ? [extra.media.dir] : []),
      join(paths.assetsDir, "_search", "t"),
      join(paths.assetsDir, "_search", "s"),
      join(paths.assetsDir, "_search", "w"),
    ];
    // What an earlier build left: temporary files and backups of an interrupted one are litter, to
    // go now; the rest is output, stale unless this build makes it again.
    for (const path of outputFiles(dirs)) {
      if (LEFTOVER.test(path)) rmSync(path, { force: true });
      else this.earlier.push(path);
    }
    // The photos' headers file of builds that served photos as assets.
    const headers = join(paths.assetsDir, "_headers");
    if (existsSync(headers)) this.earlier.push(headers);
    const asset = (path: string, content: FileContent): void => {
      this.staging.stage(join(paths.assetsDir, path), content);
    };
    this.archive = new ArchiveEmitter(layout, asset, !extra.chunksElsewhere);
    this.search = new SearchIndexEmitter(total, asset);
  }

  /**
   * Adds the next story: what the index needs of it, its JSON (UTF-8) and
   * that JSON's storyDigest, its (term id, frequency) pairs with ids of
   * `search`, its length in terms and what a search result shows of it.
   */
  add(
    story: IndexedStory,
    json: Uint8Array | null,
    digest: string,
    terms: readonly number[],
    length: number,
    shown: Listing,
  ): void {
    this.archive.add(story, json, digest);
    this.search.add(terms, length, shown);
  }

  /** Adds the next story, counting its terms here. */
  addStory(story: Story): void {
    const own = (this.ownTerms ??= {
      tokenizer: memoizedTermIds(),
      translation: new TermTranslation(this.search),
      doc: new DocTerms(),
    });
    own.doc.count(own.tokenizer, story);
    const terms = own.translation.translate(own.tokenizer.terms, own.doc.pairs);
    const { json, digest } = encodeStory(story);
    this.add(story, json, digest, terms, own.doc.length, listing(story));
  }

  /** Where staged files go and how their temporary files are named (see adopt). */
  get staged(): { readonly assetsDir: string; readonly suffix: string } {
    return { assetsDir: this.paths.assetsDir, suffix: this.staging.suffix };
  }

  /** Takes on an asset file a worker staged (see Staging.adopt), by its path under the assets folder. */
  adopt(path: string, staged: StagedFile): void {
    this.staging.adopt(join(this.paths.assetsDir, path), staged);
  }

  /** Stages the last files and puts every changed one in place; on failure nothing is written. */
  finish(): ContentSummary {
    const { staging, paths, extra } = this;
    try {
      const archive = this.archive.finish();
      const search = this.search.finish();
      const assetFiles = staging.size;
      const budget = extra.assetBudget ?? ASSET_FILE_BUDGET;
      if (assetFiles > budget) {
        throw new Error(
          `${assetFiles} asset files (archive and search index) would pass the budget of ${budget} (Workers' free plan serves 20,000); nothing was written`,
        );
      }
      if (extra.media) stageMedia(staging, extra.media);
      staging.stage(
        paths.moduleFile,
        contentModule({ version: archive.version, total: this.total, layout: this.layout, search }),
      );
      if (extra.manifestFile) {
        staging.stage(extra.manifestFile, `${JSON.stringify(archive.digests, null, 1)}\n`);
      }
      for (const [path, text] of extra.also ?? []) staging.stage(path, text);
      const stale = this.earlier.filter((path) => !staging.has(path));
      return { ...staging.commit(stale), assetFiles, digests: archive.digests };
    } catch (error) {
      staging.abort();
      throw error;
    }
  }

  /** Deletes what was staged, and the folders in `alsoMade` left empty (see Staging.abort): nothing is written. */
  abort(alsoMade: readonly string[] = []): void {
    this.staging.abort(alsoMade);
  }
}

/** Stages the media folder: each file under its key, and the manifest. */
function stageMedia(staging: Staging, { dir, files }: MediaOutput): void {
  const lines: string[] = [];
  for (const key of [...files.keys()].sort()) {
    const cached = files.get(key)!;
    const type = MEDIA_TYPES[key.slice(key.lastIndexOf(".") + 1)];
    if (!type) throw new Error(`media file ${key}: no media type for its extension`);
    staging.stage(join(dir, key), { copyOf: cached });
    lines.push(`${JSON.stringify([key, type, statSync(cached).size])}\n`);
  }
  staging.stage(join(dir, MEDIA_MANIFEST), lines.join(""));
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
