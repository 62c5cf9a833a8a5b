// Builds a throw-away seeds folder (optionally a git repository) for one test, and runs the build
// commands on it.

import { execFileSync, spawnSync } from "node:child_process";
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

const TSX = join("node_modules", ".bin", "tsx");

/**
 * Runs `npm run build` or `npm run check` (`script`) on `seedsDir` with `env`, all output in a
 * fresh folder; the test's own MEDIA_DIR is not inherited.
 */
export function runBuildCommand(
  script: "cli" | "checkCli",
  seedsDir: string,
  env: Record<string, string> = {},
) {
  const out = tempFolder();
  const { MEDIA_DIR: _ignored, ...inherited } = process.env;
  const result = spawnSync(TSX, [`src/build/${script}.ts`], {
    encoding: "utf8",
    env: {
      ...inherited,
      SEEDS_DIR: seedsDir,
      CONTENT_MODULE: join(out, "generated", "content.ts"),
      ASSETS_DIR: join(out, "assets"),
      MEDIA_CACHE_DIR: join(out, "media-cache"),
      GIT_DATES_CACHE: join(out, "git-dates.json"),
      SOURCE_DATE_EPOCH: "1767225600",
      ...env,
    },
  });
  return { ...result, out };
}

/** A command's problem lines, the seeds folder named `seeds` (the commands name it as the cwd sees it). */
export function problemLines(text: string): string[] {
  const folder = /^[^:]*seeds-[A-Za-z0-9]+\//;
  return text
    .split("\n")
    .filter((line) => folder.test(line))
    .map((line) => line.replace(folder, "seeds/"));
}
