// Writes a build's files all or nothing: either every changed file is in place, or every file is
// exactly as it was before (a failure midway is rolled back). Files are staged as the build makes
// them, so it never holds the whole output in memory.

import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
  type Dirent,
} from "node:fs";
import { Buffer } from "node:buffer";
import { randomBytes } from "node:crypto";
import { dirname, join } from "node:path";

/** How many files were written (changed) and removed. */
export interface WriteSummary {
  readonly written: number;
  readonly removed: number;
}

/** What a file is to hold: text, bytes, or a copy of another file (a photo variant from the encoder's cache). */
export type FileContent = string | Uint8Array | { readonly copyOf: string };

/**
 * A set of files being written all or nothing. `stage` compares a file with
 * what is on disk and, when it differs, writes the new content to a temporary
 * file beside it (and forgets the content); `commit` then backs each target up
 * (a hard link) and replaces it by one atomic rename, so a reader (wrangler
 * dev) never sees a missing or half-written file, deletes what is to be
 * removed, and drops the backups. If anything fails, the files already
 * replaced are restored, the temporary files deleted, and the error thrown.
 * Unchanged files are not touched, so watchers stay quiet.
 */
export class Staging {
  /**
   * What this run's temporary files are named with (`<path><suffix>.tmp`): unique per run (a
   * process id alone repeats in containers), so a leftover of an interrupted run is never taken
   * for this run's.
   */
  readonly suffix: string;
  private readonly changed: string[] = [];
  private readonly paths = new Set<string>();
  private readonly dirs = new Set<string>();
  /** The folders staging created (the top one of each mkdir), removed again if nothing is written. */
  private readonly made: string[] = [];

  /** A staging of its own run, or, given its `suffix`, part of another's (a build worker's). */
  constructor(suffix = `.${process.pid}-${randomBytes(4).toString("hex")}`) {
    this.suffix = suffix;
  }

  /** Stages `content` for `path`: written to a temporary file now if it differs from the file there. */
  stage(path: string, content: FileContent): StagedFile {
    if (this.paths.has(path)) throw new Error(`${path} is staged twice`);
    const staged = stageFile(path, content, this.suffix, this.dirs);
    this.adopt(path, staged);
    return staged;
  }

  /** Takes on `path` as staged by another Staging with this one's suffix (a build worker's). */
  adopt(path: string, staged: StagedFile): void {
    if (this.paths.has(path)) throw new Error(`${path} is staged twice`);
    this.paths.add(path);
    if (staged.made !== undefined) this.made.push(staged.made);
    if (staged.changed) this.changed.push(path);
  }

  /** Whether `path` was staged (changed or not). */
  has(path: string): boolean {
    return this.paths.has(path);
  }

  /** How many files are staged (changed or not). */
  get size(): number {
    return this.paths.size;
  }

  /**
   * Deletes the temporary files and the folders made for them (and `alsoMade`,
   * folders other stagings made for this run's files) when empty: nothing
   * staged is written. Returns the folders it tried.
   */
  abort(alsoMade: readonly string[] = []): string[] {
    for (const path of this.changed) rmSync(`${path}${this.suffix}.tmp`, { force: true });
    this.changed.length = 0;
    const made = [...this.made, ...alsoMade];
    // Newest first; a folder something else has since put a file in stays.
    for (const dir of [...made].reverse()) removeEmpty(dir);
    this.made.length = 0;
    return made;
  }

  /** Puts every changed file in place and deletes `remove`, all or nothing. */
  commit(remove: readonly string[] = []): WriteSummary {
    const done: { path: string; backup: string | null }[] = [];
    try {
      for (const path of this.changed) {
        const backup = existsSync(path) ? `${path}${this.suffix}.bak` : null;
        if (backup) linkSync(path, backup);
        done.push({ path, backup });
        renameSync(`${path}${this.suffix}.tmp`, path);
      }
      for (const path of remove) {
        const backup = `${path}${this.suffix}.bak`;
        renameSync(path, backup);
        done.push({ path, backup });
      }
    } catch (error) {
      for (const { path, backup } of done.reverse()) {
        if (backup) renameSync(backup, path);
        else rmSync(path, { force: true });
      }
      this.abort();
      throw error;
    }
    for (const { backup } of done) if (backup) rmSync(backup, { force: true });
    const written = this.changed.length;
    this.changed.length = 0;
    return { written, removed: remove.length };
  }
}

/** What stageFile did: whether it wrote a temporary file, and the top folder it made for it, if any. */
export interface StagedFile {
  readonly changed: boolean;
  readonly made?: string;
}

/**
 * Writes `content` to the temporary file of `path` (`<path><suffix>.tmp`)
 * unless the file at `path` holds it already, making its folder if need be
 * (`dirs`: folders known to exist, kept up to date).
 */
function stageFile(path: string, content: FileContent, suffix: string, dirs: Set<string>): StagedFile {
  if (holds(path, content)) return { changed: false };
  const dir = dirname(path);
  let made: string | undefined;
  if (!dirs.has(dir)) {
    made = mkdirSync(dir, { recursive: true });
    dirs.add(dir);
  }
  const temp = `${path}${suffix}.tmp`;
  try {
    if (typeof content === "string" || content instanceof Uint8Array) writeFileSync(temp, content);
    else copyFileSync(content.copyOf, temp);
  } catch (error) {
    rmSync(temp, { force: true });
    if (made !== undefined) removeEmpty(made);
    throw error;
  }
  return made === undefined ? { changed: true } : { changed: true, made };
}

/** Puts `files` (path -> content) in place where they differ from what is on disk, and deletes `remove`, all or nothing. */
export function writeAll(
  files: ReadonlyMap<string, FileContent>,
  remove: readonly string[] = [],
): WriteSummary {
  const staging = new Staging();
  try {
    for (const [path, content] of files) staging.stage(path, content);
  } catch (error) {
    staging.abort();
    throw error;
  }
  return staging.commit(remove);
}

/** Removes `dir` and the folders under it if they hold no file. */
function removeEmpty(dir: string): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) if (entry.isDirectory()) removeEmpty(join(dir, entry.name));
  try {
    rmdirSync(dir);
  } catch {
    // not empty: keep it
  }
}

function holds(path: string, content: FileContent): boolean {
  // A missing file, the first build's every file, without the cost of an exception; a file of
  // another size without reading it.
  const size = statSync(path, { throwIfNoEntry: false })?.size;
  if (size === undefined) return false;
  try {
    if (typeof content === "string")
      return size === Buffer.byteLength(content) && readFileSync(path, "utf8") === content;
    if (content instanceof Uint8Array) return size === content.length && readFileSync(path).equals(content);
    // Copies are named by their content's hash: the same name and size is the same file.
    return size === statSync(content.copyOf).size;
  } catch {
    return false;
  }
}
