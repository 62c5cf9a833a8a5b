// The build's worker threads (buildPool.ts) write exactly what the one-thread path (buildContent and
// writeContent) writes, for a folder whose date order is nothing like its file order.

import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { LAYOUT } from "../../src/core/archiveLayout";
import { buildContent } from "../../src/build/buildContent";
import { writeContent } from "../../src/build/writeContent";
import { seedsFolder, tempFolder } from "./seedsFolder";

const TSX = join("node_modules", ".bin", "tsx");

/** `npm run build` of the seeds in `seedsDir`, its output in `out`, by `workers` worker threads. */
function build(seedsDir: string, out: string, workers: number, env: Record<string, string> = {}) {
  return spawnSync(TSX, ["src/build/cli.ts"], {
    encoding: "utf8",
    env: {
      ...process.env,
      SEEDS_DIR: seedsDir,
      CONTENT_MODULE: join(out, "module", "content.ts"),
      ASSETS_DIR: join(out, "assets"),
      BUILD_WORKERS: String(workers),
      ...env,
    },
  });
}

/** Every file under `dir`, by path relative to it. */
function tree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

/**
 * 1,201 seeds: more than two parse batches of 500 and six chunks of 200, dated
 * so that each chunk takes seeds from every batch; tags, drafts, retractions,
 * corrections, Markdown, text in other scripts, text JSON escapes and white
 * space trimmed off (with BOMs and CRLF line ends), and a story too long for a
 * chunk.
 */
function seeds(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let n = 0; n < 1201; n++) {
    const name = `${String(n).padStart(4, "0")}_s${n}`;
    // A permutation of the days: consecutive files lie far apart in time.
    const day = (n * 389) % 1201;
    const date = new Date(Date.UTC(2020, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
    const front = [
      `date: ${date}`,
      n % 3 === 0 ? `tags: [Topic ${n % 7}, Région ${n % 5}]` : "",
      n % 97 === 0 ? "draft: true" : "",
      n % 89 === 0 ? "retracted: true" : "",
      n % 83 === 0 ? `correction: An earlier version misspelt ${n}.` : "",
      n % 5 === 0 ? `updated: ${date}T12:00:00Z` : "",
    ].filter(Boolean);
    const body =
      n === 600
        ? Array.from({ length: 1500 }, (_, i) => `Paragraph ${i} of a very long story about everything.`)
        : n % 13 === 0
          ? [
              `\u3000 Story ${n} "quoted" with a\ttab and a back\\slash.  `,
              `\t Second paragraph ${n * 7}.\u00a0`,
            ]
          : [`Story ${n} says 東京 and Économie, ${n % 11} talks.`, `Second paragraph ${n * 7}.`];
    if (n % 10 === 4) {
      files[`${name}.md`] =
        `---\n${front.join("\n")}\n---\n# Markdown ${n}\n\n${body.join("\n\n")}\n\n- a list\n- of *things*\n`;
    } else {
      // Now and then a BOM and CRLF line ends, which the workers' byte offsets must step over.
      const end = n % 17 === 0 ? "\r\n" : "\n";
      const text = `---${end}${front.join(end)}${end}---${end}Headline ${n} – news${end}${body.join(end)}${end}`;
      files[`${name}.txt`] = n % 19 === 0 ? `\uFEFF${text}` : text;
    }
  }
  return files;
}

describe("the build in worker threads", () => {
  it("writes byte for byte what the one-thread build writes", async () => {
    const dir = seedsFolder(seeds());
    const workers = tempFolder();
    const run = build(dir, workers, 3, { SOURCE_DATE_EPOCH: "1767225600" });
    expect(run.stderr).toMatch(/built .*: 1201 stories \(\d+ drafts?\); first build/);
    expect(run.status).toBe(0);

    const result = await buildContent({ seedsDir: dir, label: "seeds", sourceDateEpoch: "1767225600" });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const one = tempFolder();
    writeContent(
      result.stories,
      { moduleFile: join(one, "module", "content.ts"), assetsDir: join(one, "assets") },
      LAYOUT,
      // The seeds have no photos: the media folder holds only its (empty) manifest.
      {
        manifestFile: join(one, "module", "manifest.json"),
        media: { dir: join(one, "media"), files: new Map() },
      },
    );
    const expected = tree(one);
    const actual = tree(workers);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    expect(expected.size).toBeGreaterThan(40);
    // A story of its own file, and chunks mixing the parse batches, are among them.
    expect([...expected.keys()].some((path) => path.startsWith("assets/_stories/"))).toBe(true);
    for (const [path, bytes] of expected) expect(actual.get(path)?.equals(bytes), path).toBe(true);
  });

  it("rewrites, after one story is added, only the files whose bytes changed, and few of them", () => {
    const dir = seedsFolder(seeds());
    const out = tempFolder();
    const rebuild = () => build(dir, out, 2, { SOURCE_DATE_EPOCH: "1767225600" });
    expect(rebuild().status).toBe(0);
    // A file put in place anew has a new inode (staged, then renamed); one left alone keeps it.
    const snapshot = () =>
      new Map([...tree(out)].map(([path, bytes]) => [path, { bytes, ino: statSync(join(out, path)).ino }]));
    const before = snapshot();
    expect(rebuild().stderr).toMatch(/no changes since the last build \(output unchanged;/);
    expect(snapshot()).toEqual(before);
    writeFileSync(
      join(dir, "1201_s1201.txt"),
      "---\ndate: 2024-01-01\ntags: [Topic 1]\n---\nThe newest story\nIt is added last.\n",
    );
    const added = rebuild();
    expect(added.stderr).toMatch(/1202 stories .*added s1201; updated none; removed none/);
    const after = snapshot();
    const changed = [...after].filter(([path, file]) => !before.get(path)?.bytes.equals(file.bytes));
    const rewritten = [...after].filter(([path, file]) => before.get(path)?.ino !== file.ino);
    expect(rewritten.map(([path]) => path).sort()).toEqual(changed.map(([path]) => path).sort());
    // The newest chunk, index and list files, an id file, the topic's files, the directory, the
    // search shards and summary block its words fall in, the module and the manifest.
    expect(changed.length).toBeGreaterThan(5);
    expect(changed.length).toBeLessThan(after.size / 4);
    expect(changed.map(([path]) => path)).toContain("assets/_chunks/6.jsonl");
  });

  it("reports a seed's problems as the one-thread build does, whichever worker read it", () => {
    const files = seeds();
    files["0700_s700.txt"] = "Headline\nbad\u0001char\n";
    files["1100_s1100.txt"] = "Headline only\n";
    const out = tempFolder();
    const run = build(seedsFolder(files), out, 2, { SOURCE_DATE_EPOCH: "1767225600" });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/0700_s700\.txt:2: character U\+0001 at column 4 is not allowed/),
      expect.stringMatching(/1100_s1100\.txt:1: headline only/),
      "build failed: 2 problem(s) in 2 file(s); nothing was written",
    ]);
    expect(readdirSync(out)).toEqual([]);
  });

  it("lists the problems past a seed's front matter with those in it, though planning reads only up to there", () => {
    const files = seeds();
    // In front matter: found while planning. Past it, in dated seeds: found only by checking whole.
    files["0300_s300.txt"] = "---\ndate: 2020-02-30\n---\nHeadline\nBody.\n";
    files["0301_s301.txt"] = `---\ndate: 2020-02-03\n---\n${"H".repeat(1001)}\nBody.\n`;
    files["1000_s1000.txt"] = "---\ndate: 2020-02-04\n---\nHeadline\nA\u0085B\n";
    const out = tempFolder();
    const run = (): string[] => {
      const result = build(seedsFolder(files), out, 2);
      expect(result.status).toBe(1);
      return result.stderr.trim().split("\n");
    };
    const expected = [
      expect.stringMatching(/0300_s300\.txt:2: front matter 'date' is not a date/),
      expect.stringMatching(/0301_s301\.txt:4: headline is 1001 characters; the limit is 1000/),
      expect.stringMatching(/1000_s1000\.txt:5: character U\+0085 at column 2 is not allowed/),
      "build failed: 3 problem(s) in 3 file(s); nothing was written",
    ];
    expect(run()).toEqual(expected);
    // Front matter sound everywhere: planning succeeds, and the stories' workers find the rest.
    files["0300_s300.txt"] = "---\ndate: 2020-02-02\n---\nHeadline\nBody.\n";
    expect(run()).toEqual([
      expected[1],
      expected[2],
      expected[3].replace("3 problem(s) in 3", "2 problem(s) in 2"),
    ]);
    expect(readdirSync(out)).toEqual([]);
  });
});
