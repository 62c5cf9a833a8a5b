// Builds a throw-away seeds folder (optionally a git repository) for one test.

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

/** The folders this test file made: removed when its tests are done, so runs leave no litter. */
const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh empty folder under the system temp dir, removed after the test file's tests. */
export function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), "seeds-"));
  made.push(dir);
  return dir;
}

/** Writes `files` (name -> text or bytes) into a fresh folder and returns its path. */
export function seedsFolder(files: Record<string, string | Uint8Array>): string {
  const dir = tempFolder();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Runs git in `dir` with a fixed identity and the given author/committer date. */
export function git(dir: string, args: string[], date = "2026-01-01T00:00:00Z"): string {
  return execFileSync("git", args, {
    cwd: dir,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "Test",
      GIT_AUTHOR_EMAIL: "test@example.org",
      GIT_COMMITTER_NAME: "Test",
      GIT_COMMITTER_EMAIL: "test@example.org",
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    },
  });
}
