// Writes a build's files all or nothing: either every changed file is in place, or every file is
// exactly as it was before (a failure midway is rolled back).

import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { randomBytes } from "node:crypto";
import { dirname } from "node:path";

/** How many files were written (changed) and removed. */
export interface WriteSummary {
  readonly written: number;
  readonly removed: number;
}

/** What a file is to hold: text, bytes, or a copy of another file (a photo variant from the encoder's cache). */
export type FileContent = string | Uint8Array | { readonly copyOf: string };

/**
 * Puts `files` (path -> content) in place where they differ from what is on disk,
 * and deletes `remove`. Three steps: every new text is written to a temporary
 * file beside its target; then each target is backed up (a hard link) and
 * replaced by one atomic rename, so a reader (wrangler dev) never sees a missing
 * or half-written file; then the backups go. If anything fails, the files
 * already replaced are restored from their backups, the new ones deleted, and
 * the error is thrown. Unchanged files are not touched, so watchers stay quiet.
 */
export function writeAll(
  files: ReadonlyMap<string, FileContent>,
  remove: readonly string[] = [],
): WriteSummary {
  // Unique per run: a process id alone repeats (containers), and a leftover file of an interrupted
  // run must never be taken for this run's.
  const suffix = `.${process.pid}-${randomBytes(4).toString("hex")}`;
  const changed = [...files].filter(([path, text]) => !holds(path, text));
  const staged: string[] = [];
  const done: { path: string; backup: string | null }[] = [];
  try {
    for (const [path, text] of changed) {
      mkdirSync(dirname(path), { recursive: true });
      if (typeof text === "string" || text instanceof Uint8Array) writeFileSync(`${path}${suffix}.tmp`, text);
      else copyFileSync(text.copyOf, `${path}${suffix}.tmp`);
      staged.push(`${path}${suffix}.tmp`);
    }
    for (const [path] of changed) {
      const backup = existsSync(path) ? `${path}${suffix}.bak` : null;
      if (backup) linkSync(path, backup);
      done.push({ path, backup });
      renameSync(`${path}${suffix}.tmp`, path);
    }
    for (const path of remove) {
      const backup = `${path}${suffix}.bak`;
      renameSync(path, backup);
      done.push({ path, backup });
    }
  } catch (error) {
    for (const { path, backup } of done.reverse()) {
      if (backup) renameSync(backup, path);
      else rmSync(path, { force: true });
    }
    for (const temp of staged) rmSync(temp, { force: true });
    throw error;
  }
  for (const { backup } of done) if (backup) rmSync(backup, { force: true });
  return { written: changed.length, removed: remove.length };
}

function holds(path: string, content: FileContent): boolean {
  try {
    if (typeof content === "string") return readFileSync(path, "utf8") === content;
    if (content instanceof Uint8Array) return readFileSync(path).equals(content);
    // Copies are named by their content's hash: the same name and size is the same file.
    return statSync(path).size === statSync(content.copyOf).size;
  } catch {
    return false;
  }
}
