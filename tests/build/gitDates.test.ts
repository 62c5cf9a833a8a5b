// Story dates read with the cache (only the commits since the last build) are exactly those read
// from the whole history, whatever the history does: adds, edits, renames, deletes, re-adds,
// rewritten commits, files git does not know.

import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { random } from "../../scripts/generateCorpus";
import { gitDates } from "../../src/build/gitDates";
import { git, tempFolder } from "./seedsFolder";

/**
 * A fresh repository with `files` (name -> text) committed at `date` on
 * `branch`, and where its dates cache is to go (both folders go after the tests).
 */
function committedRepo(
  files: Record<string, string>,
  date: string,
  branch?: string,
): { repo: string; cache: string } {
  const repo = tempFolder();
  const cache = join(tempFolder(), "dates.json");
  git(repo, ["init", "-q", ...(branch ? ["-b", branch] : [])]);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(repo, name), text);
  git(repo, ["add", "-A"]);
  git(repo, ["commit", "-qm", Object.keys(files).join(" and ")], date);
  return { repo, cache };
}

describe("gitDates with a cache", () => {
  it("gives the dates a full read gives, after every kind of commit", () => {
    const repo = tempFolder();
    const seeds = join(repo, "seeds");
    const cache = join(tempFolder(), "dates.json"); // both folders go after the tests
    git(repo, ["init", "-q"]);
    const next = random(7);
    const present = new Set<string>();
    let serial = 0;
    let day = 0;
    const pick = (): string => [...present][Math.floor(next() * present.size)]!;
    const write = (name: string): void =>
      writeFileSync(join(seeds, name), `Headline ${name}\nText ${serial++} ${next()}\n`);
    git(repo, ["config", "core.quotePath", "false"]);
    writeFileSync(join(repo, "README"), "outside the seeds folder\n");
    mkdirSync(seeds);
    for (let step = 0; step < 36; step++) {
      const kind = step < 3 ? 0 : Math.floor(next() * 6);
      const files = Math.max(1, Math.floor(next() * 3));
      for (let f = 0; f < files; f++) {
        if (kind === 0 || present.size < 2) {
          const name = `${String(100 + serial).padStart(3, "0")}_s${serial}.txt`;
          write(name);
          present.add(name);
        } else if (kind === 1) write(pick());
        else if (kind === 2 || kind === 3) {
          // A rename (renumbering), pure or with an edit.
          const from = pick();
          const to = `${String(500 + serial).padStart(3, "0")}_${from.split("_")[1]}`;
          if (present.has(to)) continue;
          renameSync(join(seeds, from), join(seeds, to));
          present.delete(from);
          present.add(to);
          if (kind === 3) writeFileSync(join(seeds, to), `Headline ${to}\nRenamed and edited ${serial++}\n`);
        } else if (kind === 4) {
          const gone = pick();
          unlinkSync(join(seeds, gone));
          present.delete(gone);
        } else {
          // Outside the seeds folder: no seed's dates move.
          writeFileSync(join(repo, "README"), `edit ${serial++}\n`);
        }
      }
      rmSync(join(seeds, "999_untracked.txt"), { force: true });
      git(repo, ["add", "-A"]);
      const when = new Date(Date.UTC(2026, 0, 1 + day++, 8)).toISOString();
      if (step % 11 === 10) {
        // A rewritten commit: the cached one is no longer in HEAD's history.
        git(repo, ["commit", "-q", "--allow-empty", "-m", `step ${step}`], when);
        git(repo, ["commit", "-q", "--amend", "--allow-empty", "-m", `step ${step} again`], when);
      } else git(repo, ["commit", "-q", "--allow-empty", "-m", `step ${step}`], when);
      // A seed not committed yet: neither read gives it dates.
      if (step % 5 === 4) writeFileSync(join(seeds, "999_untracked.txt"), "New\nNot committed.\n");
      const names = [...present, ...(step % 5 === 4 ? ["999_untracked.txt"] : [])];
      const full = gitDates(seeds, names);
      expect(full.size, `step ${step}`).toBe(present.size);
      expect(gitDates(seeds, names, cache), `step ${step}`).toEqual(full);
      expect(existsSync(cache)).toBe(true);
    }
  });

  it("reads only the commits since the cached one", () => {
    const { repo, cache } = committedRepo(
      { "001_a.txt": "A\nText.\n", "002_b.txt": "B\nText.\n" },
      "2026-02-01T00:00:00Z",
    );
    gitDates(repo, ["001_a.txt", "002_b.txt"], cache);
    // Mark the cache: a date no history has shows only if the cache is what was read.
    const marked = JSON.parse(readFileSync(cache, "utf8"));
    marked.dates["001_a.txt"] = ["2001-01-01T00:00:00Z", "2001-01-02T00:00:00Z"];
    writeFileSync(cache, JSON.stringify(marked));
    writeFileSync(join(repo, "002_b.txt"), "B\nEdited.\n");
    git(repo, ["commit", "-qam", "edit b"], "2026-02-05T00:00:00Z");
    const dates = gitDates(repo, ["001_a.txt", "002_b.txt"], cache);
    expect(dates.get("001_a.txt")).toEqual({
      created: "2001-01-01T00:00:00Z",
      updated: "2001-01-02T00:00:00Z",
    });
    expect(dates.get("002_b.txt")).toEqual({
      created: "2026-02-01T00:00:00Z",
      updated: "2026-02-05T00:00:00Z",
    });
  });

  it("reads everything when the new commits hold a merge, and dates no seed HEAD lacks", () => {
    const { repo, cache } = committedRepo(
      { "001_x.txt": "X\nOne.\n\n\n\n\nEnd.\n", "002_y.txt": "Y\nOne.\n" },
      "2020-01-01T00:00:00Z",
      "main",
    );
    git(repo, ["branch", "side"]);
    writeFileSync(join(repo, "001_x.txt"), "X\nTwo.\n\n\n\n\nEnd.\n");
    git(repo, ["commit", "-qam", "main edit"], "2020-05-01T00:00:00Z");
    git(repo, ["rm", "-q", "002_y.txt"]);
    git(repo, ["commit", "-qm", "y deleted"], "2020-05-02T00:00:00Z");
    gitDates(repo, ["001_x.txt"], cache);
    // An older edit on a branch, merged after the cached commit: git log lists it after it.
    git(repo, ["checkout", "-q", "side"]);
    writeFileSync(join(repo, "001_x.txt"), "X\nOne.\n\n\n\n\nEnd, on a branch.\n");
    writeFileSync(join(repo, "003_z.txt"), "Z\nOne.\n");
    git(repo, ["add", "-A"]);
    git(repo, ["commit", "-qm", "side edit"], "2020-03-01T00:00:00Z");
    git(repo, ["checkout", "-q", "main"]);
    git(repo, ["merge", "-q", "--no-edit", "side"], "2020-06-01T00:00:00Z");
    // y again, not committed: no dates, whether or not a cache is read.
    writeFileSync(join(repo, "002_y.txt"), "Y\nBack.\n");
    const names = ["001_x.txt", "002_y.txt", "003_z.txt"];
    const full = gitDates(repo, names);
    expect(full.get("001_x.txt")).toEqual({
      created: "2020-01-01T00:00:00Z",
      updated: "2020-05-01T00:00:00Z",
    });
    expect(full.has("002_y.txt")).toBe(false);
    expect(gitDates(repo, names, cache)).toEqual(full);
    expect(gitDates(repo, names, cache)).toEqual(full); // and from the cache the merge left
  });

  it("reads everything when the cache file is damaged", () => {
    const { repo, cache } = committedRepo({ "001_a.txt": "A\nText.\n" }, "2026-02-01T00:00:00Z");
    gitDates(repo, ["001_a.txt"], cache);
    const good = JSON.parse(readFileSync(cache, "utf8"));
    for (const dates of [undefined, [], { "001_a.txt": "bogus" }, { "001_a.txt": ["2026", "x"] }]) {
      writeFileSync(cache, JSON.stringify({ ...good, dates }));
      expect(gitDates(repo, ["001_a.txt"], cache).get("001_a.txt")).toEqual({
        created: "2026-02-01T00:00:00Z",
        updated: "2026-02-01T00:00:00Z",
      });
    }
    writeFileSync(cache, "{not json");
    expect(gitDates(repo, ["001_a.txt"], cache).get("001_a.txt")?.created).toBe("2026-02-01T00:00:00Z");
  });

  it("sets aside a cache of another folder or one that cannot explain a file", () => {
    const { repo, cache } = committedRepo({ "001_a.txt": "A\nText.\n" }, "2026-02-01T00:00:00Z");
    const head = git(repo, ["rev-parse", "HEAD"]).trim();
    const where = git(repo, ["rev-parse", "--show-toplevel", "--show-prefix"]).trim();
    // A cache claiming other dates for another place: ignored.
    writeFileSync(
      cache,
      JSON.stringify({
        format: 1,
        where: "/elsewhere",
        head,
        dates: { "001_a.txt": ["2000-01-01T00:00:00Z", "2000-01-01T00:00:00Z"] },
      }),
    );
    expect(gitDates(repo, ["001_a.txt"], cache).get("001_a.txt")?.created).toBe("2026-02-01T00:00:00Z");
    // A cache of this place that lacks a file changed since: the whole history is read.
    writeFileSync(cache, JSON.stringify({ format: 1, where, head, dates: {} }));
    writeFileSync(join(repo, "001_a.txt"), "A\nEdited.\n");
    git(repo, ["commit", "-qam", "edit"], "2026-02-03T00:00:00Z");
    expect(gitDates(repo, ["001_a.txt"], cache).get("001_a.txt")).toEqual({
      created: "2026-02-01T00:00:00Z",
      updated: "2026-02-03T00:00:00Z",
    });
  });
});
