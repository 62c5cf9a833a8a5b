// The editor's commands: npm run new, npm run check, and the build's one-line change summary.

import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { changeSummary, diffManifests, manifestOf } from "../../src/build/changeSummary";
import { newSeedName } from "../../src/build/newSeedName";
import type { Story } from "../../src/core/types";
import { makeStory } from "../fixtures/stories";
import { git, seedsFolder, tempFolder } from "./seedsFolder";

const TSX = join("node_modules", ".bin", "tsx");

function command(script: string, seedsDir: string, args: string[] = [], out = tempFolder()) {
  return spawnSync(TSX, [script, ...args], {
    encoding: "utf8",
    env: {
      ...process.env,
      SEEDS_DIR: seedsDir,
      CONTENT_MODULE: join(out, "content.ts"),
      ASSETS_DIR: join(out, "assets"),
      SOURCE_DATE_EPOCH: "1767225600",
    },
  });
}

function story(id: string, extra: Partial<Story> = {}): Story {
  return makeStory(1, { id, published: "2026-01-01T00:00:00Z", updated: "2026-01-01T00:00:00Z", ...extra });
}

describe("newSeedName", () => {
  it("takes the next number, keeps the width, and never reuses an id from the folder or history", () => {
    const ids = ["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb", "cccccccccccccccc"];
    let call = 0;
    const random = () => ids[call++]!;
    expect(
      newSeedName(
        ["000_aaaaaaaaaaaaaaaa.txt", "0041_x.txt", "notes.md"],
        new Set(["bbbbbbbbbbbbbbbb"]),
        random,
      ),
    ).toBe("0042_cccccccccccccccc.txt");
    expect(newSeedName([], new Set(), () => "0123456789abcdef")).toBe("000_0123456789abcdef.txt");
  });
});

describe("change summary", () => {
  it("names added, updated and removed ids, and counts drafts and scheduled stories", () => {
    const before = manifestOf([story("a"), story("b"), story("c")]);
    const after = [
      story("a"),
      story("b", { title: "New title" }),
      story("d", { draft: true }),
      story("e", { published: "2030-01-01T00:00:00Z" }),
    ];
    expect(diffManifests(before, manifestOf(after))).toEqual({
      added: ["d", "e"],
      updated: ["b"],
      removed: ["c"],
    });
    expect(changeSummary(after, before, Date.parse("2026-06-01T00:00:00Z"), manifestOf(after))).toBe(
      "4 stories (1 draft, 1 scheduled); added d, e; updated b; removed c",
    );
    expect(changeSummary(after, manifestOf(after), 0, manifestOf(after))).toMatch(
      /; no changes since the last build$/,
    );
    expect(changeSummary([story("a")], null, Date.parse("2026-06-01T00:00:00Z"), {})).toBe(
      "1 story; first build",
    );
  });
});

describe("npm run new", () => {
  it("creates the next draft seed with a fresh id, prints its path and URL, and the build accepts it", () => {
    const dir = seedsFolder({ "000_first.txt": "First\nBody.\n", "001_second.txt": "Second\nBody.\n" });
    git(dir, ["init", "-q"]);
    git(dir, ["add", "."]);
    git(dir, ["commit", "-qm", "add"]);
    const run = command("src/build/newCli.ts", dir, ["Mayor", "opens", "the", "new", "bridge"]);
    expect(run.status, run.stderr).toBe(0);
    const created = readdirSync(dir).filter((name) => name.startsWith("002_"));
    expect(created).toHaveLength(1);
    expect(created[0]).toMatch(/^002_[0-9a-f]{16}\.txt$/);
    expect(run.stdout.trim().endsWith(created[0]!)).toBe(true);
    expect(run.stderr).toMatch(
      /URL: https:\/\/news\.example\.com\/stories\/[0-9a-f]{16}\/mayor-opens-the-new-bridge/,
    );
    expect(readFileSync(join(dir, created[0]!), "utf8")).toBe(
      "---\ndraft: true\n---\nMayor opens the new bridge\n",
    );
    expect(command("src/build/cli.ts", dir).status).toBe(0);
  });

  it("creates a Markdown draft with --md, its headline in front matter so no character of it is Markdown", () => {
    const dir = seedsFolder({ "000_first.txt": "First\nBody.\n" });
    const run = command("src/build/newCli.ts", dir, ["--md", "1.", "*Mayor*", 'says "yes"']);
    expect(run.status, run.stderr).toBe(0);
    const created = readdirSync(dir).filter((name) => name.startsWith("001_"));
    expect(created[0]).toMatch(/^001_[0-9a-f]{16}\.md$/);
    expect(readFileSync(join(dir, created[0]!), "utf8")).toBe(
      '---\ntitle: "1. *Mayor* says \\"yes\\""\ndraft: true\n---\n',
    );
    expect(command("src/build/cli.ts", dir).status).toBe(0);
  });

  it("refuses an empty headline", () => {
    const run = command("src/build/newCli.ts", seedsFolder({}), []);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("give the headline");
  });
});

describe("npm run check", () => {
  it("prints every problem as file:line: message on stdout and exits 1", () => {
    const dir = seedsFolder({
      "001_a.txt": "Headline only\n",
      "002_b.txt": "H\nbad\u0000\n",
      "003_c.txt": "Fine\nBody.\n",
    });
    const run = command("src/build/checkCli.ts", dir);
    expect(run.status).toBe(1);
    expect(run.stdout.trim().split("\n")).toEqual([
      expect.stringMatching(/001_a\.txt:1: headline only/),
      expect.stringMatching(/002_b\.txt:2: character U\+0000 at column 4/),
    ]);
    expect(run.stderr).toMatch(/check failed: 2 problem\(s\) in 2 file\(s\)/);
  });

  it("says what would change since the last build, and writes nothing", () => {
    const dir = seedsFolder({ "001_a.txt": "A\nBody.\n", "002_b.txt": "B\nBody.\n" });
    const out = tempFolder();
    expect(command("src/build/cli.ts", dir, [], out).stderr).toMatch(/2 stories; first build/);
    writeFileSync(join(dir, "002_b.txt"), "B\nNew body.\n");
    writeFileSync(join(dir, "003_c.txt"), "C\nBody.\n");
    rmSync(join(dir, "001_a.txt"));
    const before = readFileSync(join(out, "content.ts"), "utf8");
    const run = command("src/build/checkCli.ts", dir, [], out);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(
      /checked .*: 2 stories; added c; updated b; removed a; no problems \(\d+\.\d\d s\)/,
    );
    expect(readFileSync(join(out, "content.ts"), "utf8")).toBe(before);
    expect(command("src/build/cli.ts", dir, [], out).stderr).toMatch(
      /2 stories; added c; updated b; removed a/,
    );
  });
});
