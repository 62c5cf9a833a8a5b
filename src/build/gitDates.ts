// Reads when each seed was first added and last changed from git history, in one `git log` pass;
// with a cache file, only the commits made since the last build are read.

import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** First-add and last-change author dates (RFC 3339 UTC) of a file. */
export interface GitDates {
  created: string;
  updated: string;
}

/** What the cache file holds: the dates of the files at one commit. */
interface DatesCache {
  /** Bumped when what is cached, or how, changes. */
  readonly format: 1;
  /** The repository's top folder and the seeds folder in it. */
  readonly where: string;
  /** The commit the dates are true at. */
  readonly head: string;
  /** File name (at `head`) -> [created, updated]. */
  readonly dates: Record<string, [string, string]>;
}

/**
 * Dates for `files` (names inside `dir`). Renames are followed (`-M`), so a
 * seed renumbered from 001_x.txt to 002_x.txt keeps its first date; a pure
 * rename does not count as a change. Files git does not know are absent.
 *
 * With `cacheFile`, the dates found are kept there with the commit they are
 * true at, and the next call reads only the history since (`git log
 * <cached>..HEAD`), following renames back into the cached names: reading the
 * whole history of a large archive takes git tens of seconds. A cache from
 * another place, or from a commit HEAD does not descend from (a rewritten
 * history), or that lacks a file the new commits do not explain, is set aside
 * for a full read.
 */
export function gitDates(dir: string, files: readonly string[], cacheFile?: string): Map<string, GitDates> {
  const where = git(dir, ["rev-parse", "--show-toplevel", "--show-prefix"]);
  const head = where === null ? null : git(dir, ["rev-parse", "--verify", "-q", "HEAD"])?.trim();
  // The files of `dir` at HEAD: the cache keeps all of them, so a seed it lacks is one HEAD lacks.
  const tracked = head ? git(dir, ["ls-tree", "-r", "-z", "--name-only", "HEAD"]) : null;
  if (where === null || !head || tracked === null) return new Map(); // not a git work tree, no commit, no git
  const place = where.trim();
  // Only what HEAD holds has dates: a seed not committed yet has none, even if a file of that
  // name was once in history (it is read as added when it is committed).
  const names = tracked.split("\0").filter(Boolean);
  const cached = cacheFile ? readCache(cacheFile, place) : null;
  let result: Map<string, GitDates> | null = null;
  if (cached && cached.head === head) result = walk(names, [], cached);
  else if (
    cached &&
    git(dir, ["merge-base", "--is-ancestor", cached.head, "HEAD"]) !== null &&
    // The log lists commits by date: with a merge, one older than the cached commit can come after
    // it, and the dates would differ from a full read's. Merges: read everything.
    git(dir, ["rev-list", "--min-parents=2", "--count", `${cached.head}..HEAD`])?.trim() === "0"
  ) {
    const log = history(dir, `${cached.head}..HEAD`);
    if (log !== null) result = walk(names, log, cached);
  }
  if (result === null) {
    const log = history(dir, "HEAD");
    if (log === null) return new Map();
    result = walk(names, log, null)!;
  }
  if (cacheFile) writeCache(cacheFile, place, head, result);
  const wanted = new Map<string, GitDates>();
  for (const file of files) {
    const dates = result.get(file);
    if (dates) wanted.set(file, dates);
  }
  return wanted;
}

/** One commit of `git log --name-status`: its author date and its entries (status, paths). */
type Commit = { date: string; entries: string[][] };

/** The commits of `range`, newest first, with what each did to the files of `dir`. */
function history(dir: string, range: string): Commit[] | null {
  const log = git(dir, [
    // Names as they are (ls-tree -z gives them so), not C-quoted when they hold non-ASCII letters.
    "-c",
    "core.quotePath=false",
    "log",
    "--no-color",
    "--format=%x1e%aI",
    "--name-status",
    "-M",
    "--relative",
    range,
    "--",
    ".",
  ]);
  if (log === null) return null;
  return log
    .split("\x1e")
    .slice(1)
    .map((commit) => {
      const [dateLine, ...entries] = commit.split("\n");
      const date = new Date(dateLine!.trim()).toISOString().replace(/\.\d{3}Z$/, "Z");
      return { date, entries: entries.filter(Boolean).map((entry) => entry.split("\t")) };
    });
}

/**
 * Walks `log` (newest first) for `files`. With `before` (the dates at the
 * log's oldest commit's parent), a file not added within the log takes its
 * older dates from there; null when `before` cannot explain a file the log
 * touches (the caller reads the whole history instead).
 */
function walk(
  files: readonly string[],
  log: readonly Commit[],
  before: DatesCache | null,
): Map<string, GitDates> | null {
  const result = new Map<string, GitDates>();
  // The current file each path held at the point of history being read.
  const byPath = new Map(files.map((file) => [file, file]));
  // The name each current file had at that point; gone once its add is seen.
  const alias = new Map(files.map((file) => [file, file]));
  for (const { date, entries } of log) {
    for (const [status, first, second] of entries as [string, string, string | undefined][]) {
      const path = second ?? first;
      const current = byPath.get(path);
      if (current === undefined) continue;
      const dates = result.get(current) ?? { created: date, updated: "" };
      result.set(current, dates);
      dates.created = date; // older commits come later: the last one seen is the first add
      // A pure rename (R100) moves the file without changing its text: not an update.
      if (dates.updated === "" && status !== "R100") dates.updated = date;
      if (status.startsWith("R")) {
        byPath.delete(path);
        byPath.set(first, current);
        alias.set(current, first);
      } else if (status === "A") {
        byPath.delete(path);
        alias.delete(current);
      }
    }
  }
  if (before !== null) {
    // Files older than the log: their history before it is in the cache.
    for (const [current, name] of alias) {
      const old = Object.hasOwn(before.dates, name) ? before.dates[name] : undefined;
      const dates = result.get(current);
      if (old === undefined) {
        if (dates !== undefined) return null; // changed since, yet unknown then: cannot be
        continue; // not in git
      }
      result.set(current, { created: old[0], updated: dates?.updated || old[1] });
    }
  }
  for (const dates of result.values()) if (dates.updated === "") dates.updated = dates.created;
  return result;
}

/** A date as the walk writes it (RFC 3339 UTC, whole seconds). */
const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** The cache in `file` if it is one of this place, whole and well-formed; else null (read everything). */
function readCache(file: string, where: string): DatesCache | null {
  let cache: DatesCache;
  try {
    cache = JSON.parse(readFileSync(file, "utf8")) as DatesCache;
  } catch {
    return null;
  }
  if (cache?.format !== 1 || cache.where !== where || typeof cache.head !== "string") return null;
  const { dates } = cache;
  if (typeof dates !== "object" || dates === null || Array.isArray(dates)) return null;
  for (const value of Object.values(dates)) {
    if (!Array.isArray(value) || value.length !== 2 || !value.every((date) => DATE.test(String(date)))) {
      return null;
    }
  }
  return cache;
}

function writeCache(file: string, where: string, head: string, dates: ReadonlyMap<string, GitDates>): void {
  const cache: DatesCache = {
    format: 1,
    where,
    head,
    dates: Object.fromEntries([...dates].map(([name, { created, updated }]) => [name, [created, updated]])),
  };
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(cache));
    renameSync(`${file}.${process.pid}.tmp`, file);
  } catch {
    // A cache that cannot be written only makes the next build read the whole history.
  }
}

/** git's output, or null when it fails. */
function git(dir: string, args: string[]): string | null {
  try {
    return execFileSync("git", ["-C", dir, ...args], {
      encoding: "utf8",
      maxBuffer: 1 << 30,
      stdio: ["ignore", "pipe", "ignore"],
    });
  } catch {
    return null;
  }
}
