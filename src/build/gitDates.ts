// Reads when each seed was first added and last changed from git history, in one `git log` pass.

import { execFileSync } from "node:child_process";

/** First-add and last-change author dates (RFC 3339 UTC) of a file. */
export interface GitDates {
  created: string;
  updated: string;
}

/**
 * Dates for `files` (names inside `dir`). Renames are followed (`-M`), so a
 * seed renumbered from 001_x.txt to 002_x.txt keeps its first date; a pure
 * rename does not count as a change. Files git does not know are absent.
 */
export function gitDates(dir: string, files: readonly string[]): Map<string, GitDates> {
  const result = new Map<string, GitDates>();
  let log: string;
  try {
    log = execFileSync(
      "git",
      ["-C", dir, "log", "--no-color", "--format=%x1e%aI", "--name-status", "-M", "--relative", "--", "."],
      { encoding: "utf8", maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "ignore"] },
    );
  } catch {
    return result; // not a git work tree, or git is missing
  }
  // The name each current file had at the point of history being read (newest first).
  const alias = new Map(files.map((file) => [file, file]));
  for (const commit of log.split("\x1e").slice(1)) {
    const [dateLine, ...entries] = commit.split("\n");
    const date = new Date(dateLine!.trim()).toISOString().replace(/\.\d{3}Z$/, "Z");
    for (const entry of entries) {
      if (!entry) continue;
      const [status, first, second] = entry.split("\t") as [string, string, string | undefined];
      const path = second ?? first;
      const current = alias.get(path);
      if (current === undefined) continue;
      const dates = result.get(current) ?? { created: date, updated: "" };
      result.set(current, dates);
      dates.created = date; // older commits come later: the last one seen is the first add
      // A pure rename (R100) moves the file without changing its text: not an update.
      if (dates.updated === "" && status !== "R100") dates.updated = date;
      if (status.startsWith("R")) {
        alias.delete(path);
        alias.set(first, current);
      } else if (status === "A") {
        alias.delete(path);
      }
    }
  }
  for (const dates of result.values()) if (dates.updated === "") dates.updated = dates.created;
  return result;
}
