// `npm run bench:git`: how long the build takes to read story dates from git for a large history,
// and whether they are right: N seeds added in one commit, then COMMITS commits editing them
// (N / COMMITS seeds each): first with no cache (the whole history), then, after LATER more
// commits, with the cache the first read left (only those commits), as a rebuild after a
// `git pull` does. History is written with `git fast-import`; prints one line of JSON.
// Usage: tsx bench/gitDates.ts [N=100000] [COMMITS=1000]

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gitDates } from "../src/build/gitDates";

const N = Number(process.argv[2] ?? 100_000);
const COMMITS = Number(process.argv[3] ?? 1000);
const START = Date.UTC(2020, 0, 1) / 1000;
const LATER = 10;
const name = (i: number): string => `${String(i).padStart(6, "0")}_s${i.toString(16)}.txt`;
const iso = (seconds: number): string => new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

const work = mkdtempSync(join(tmpdir(), "git-dates-"));
try {
  execFileSync("git", ["init", "-q", work]);
  // Commit 0 adds every seed; commit c (1..COMMITS) edits seeds c-1, c-1+COMMITS, ... at START + c hours.
  let stream: string[] = [];
  // fast-import chains commits to one branch: each commit's parent is the one before.
  const commit = (c: number, files: number[], from?: string) => {
    const when = START + c * 3600;
    const message = c === 0 ? "add seeds" : `edit ${c}`;
    stream.push(
      "commit refs/heads/main",
      `author Desk <desk@example.com> ${when} +0000`,
      `committer Desk <desk@example.com> ${when} +0000`,
      `data ${Buffer.byteLength(message)}`,
      message,
      ...(from ? [`from ${from}`] : []),
    );
    for (const i of files) {
      const text = `Story ${i}\nVersion ${c}.\n`;
      stream.push(`M 100644 inline seeds/${name(i)}`, `data ${Buffer.byteLength(text)}`, text.slice(0, -1));
    }
    stream.push("");
  };
  commit(
    0,
    Array.from({ length: N }, (_, i) => i),
  );
  for (let c = 1; c <= COMMITS; c++) {
    const files: number[] = [];
    for (let i = c - 1; i < N; i += COMMITS) files.push(i);
    commit(c, files);
  }
  execFileSync("git", ["-C", work, "fast-import", "--quiet"], { input: `${stream.join("\n")}\n` });
  execFileSync("git", ["-C", work, "symbolic-ref", "HEAD", "refs/heads/main"]);
  const seeds = join(work, "seeds");
  mkdirSync(seeds);
  const files = Array.from({ length: N }, (_, i) => name(i));

  const cacheFile = join(work, "cache", "git-dates.json");
  const started = performance.now();
  const first = gitDates(seeds, files, cacheFile);
  const ms = performance.now() - started;

  // LATER more commits, editing seeds i with i % COMMITS < LATER once more.
  stream = [];
  for (let c = COMMITS + 1; c <= COMMITS + LATER; c++) {
    const files: number[] = [];
    for (let i = c - COMMITS - 1; i < N; i += COMMITS) files.push(i);
    commit(c, files, c === COMMITS + 1 ? "refs/heads/main^0" : undefined);
  }
  execFileSync("git", ["-C", work, "fast-import", "--quiet"], { input: `${stream.join("\n")}\n` });
  const again = performance.now();
  const second = gitDates(seeds, files, cacheFile);
  const cachedMs = performance.now() - again;

  const wrongIn = (dates: Map<string, { created: string; updated: string }>, later: number): number => {
    let wrong = 0;
    for (let i = 0; i < N; i++) {
      const got = dates.get(name(i));
      // Seed i is edited by commit (i mod COMMITS) + 1, and again LATER commits on if in the batch.
      const edit = (i % COMMITS) + 1 + (i % COMMITS < later ? COMMITS : 0);
      const updated = iso(START + edit * 3600);
      if (!got || got.created !== iso(START) || got.updated !== updated) wrong++;
    }
    return wrong;
  };
  const wrong = wrongIn(first, 0);
  const wrongCached = wrongIn(second, LATER);
  console.log(
    JSON.stringify({
      seeds: N,
      commits: COMMITS + 1,
      ms: Math.round(ms),
      datesFound: first.size,
      wrong,
      laterCommits: LATER,
      cachedMs: Math.round(cachedMs),
      cachedDatesFound: second.size,
      wrongCached,
    }),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
