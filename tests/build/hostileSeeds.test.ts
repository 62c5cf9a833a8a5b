// The hostile corpus (tests/fixtures/hostile-*): every seed is either published exactly or refused with
// its file and line; nothing crashes, nothing is dropped, nothing published makes an invalid feed.

import { spawnSync } from "node:child_process";
import { cpSync, readdirSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildContent } from "../../src/build/buildContent";
import { formatProblem } from "../../src/build/problem";
import { seedsFolder, tempFolder } from "./seedsFolder";

const HOSTILE = join("tests", "fixtures", "hostile-seeds");
const NAMES = join("tests", "fixtures", "hostile-names");
const PUBLISHED = readdirSync(HOSTILE).filter((name) => name.startsWith("1"));

/** Every refusal the corpus must produce, as `file:line: start of message`. */
const REFUSED = [
  "200_empty.txt: empty file",
  "201_headline-only.txt:1: headline only",
  "202_blank-lines.txt:1: no headline",
  "203_nul.txt:2: character U+0000 at column 7",
  "204_c0-c1.txt:2: character U+0007 at column 6",
  "204_c0-c1.txt:3: character U+0085 at column 11",
  "204_c0-c1.txt:4: character U+001B at column 8",
  "205_invalid-utf8.txt:3: not valid UTF-8",
  "205_invalid-utf8.txt:4: not valid UTF-8",
  "206_lone-surrogate.txt:2: not valid UTF-8",
  "207_nonchar.txt:2: character U+FFFE at column 15",
  "207_nonchar.txt:3: character U+FFFF at column 5",
  "208_bad-frontmatter.txt:3: front matter is not valid YAML",
  "209_unknown-keys.txt:2: unknown front matter key 'layout'",
  "209_unknown-keys.txt:3: unknown front matter key 'permalink'",
  "210_unclosed-frontmatter.txt:1: front matter opened with '---' is never closed",
  "211_bad-date.txt:2: front matter 'date' is not a date",
  "211_bad-date.txt:3: front matter 'updated' is not a date",
  "212_duplicate-key.txt:3: front matter is not valid YAML",
  "213_long-headline.txt:1: headline is 1200 characters; the limit is 1000",
];

function buildOf(dir: string) {
  return buildContent({ seedsDir: dir, label: "seeds", sourceDateEpoch: "1767225600" });
}

describe("hostile seeds", () => {
  it("refuses every broken seed with its file and line, in one build that lists them all", async () => {
    const dir = tempFolder();
    cpSync(HOSTILE, dir, { recursive: true });
    const result = await buildOf(dir);
    if (result.ok) throw new Error("a build with broken seeds succeeded");
    const lines = result.problems.map(formatProblem).map((line) => line.replace(/^seeds\//, ""));
    for (const expected of REFUSED) {
      expect(
        lines.some((line) => line.startsWith(expected)),
        `${expected}\n${lines.join("\n")}`,
      ).toBe(true);
    }
    // Nothing published is reported, and nothing else is.
    expect(lines.filter((line) => line.startsWith("1"))).toEqual([]);
    expect(lines).toHaveLength(REFUSED.length);
  });

  it("publishes every well-formed hostile seed, text intact", async () => {
    const dir = tempFolder();
    for (const name of PUBLISHED) cpSync(join(HOSTILE, name), join(dir, name));
    const result = await buildOf(dir);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    expect(result.stories).toHaveLength(PUBLISHED.length);
    const byId = Object.fromEntries(result.stories.map((story) => [story.id, story]));
    expect(byId["bom-crlf"]).toMatchObject({
      title: "BOM and CRLF headline",
      paragraphs: ["First paragraph.", "Second paragraph."],
    });
    expect(byId["mixed-line-ends"]!.paragraphs).toEqual(["One.", "Two.", "Three."]);
    expect(byId["looks-like-html"]!.title).toBe(
      '<script>alert("headline")</script> & </script><script>x</script>',
    );
    expect(byId["typographic"]!.paragraphs[0]).toContain("a\u200db");
    expect(byId["typographic"]!.paragraphs[1]).toBe(
      "Line separator\u2028and paragraph separator\u2029inside one line.",
    );
    expect(byId["long-line"]!.paragraphs[0]).toHaveLength(100_000);
    expect(byId["frontmatter"]).toMatchObject({
      title: "Front: matter & <title>",
      author: "Zoë O'Brien <zoe@example.org>",
      tags: ["World", "Asia & Pacific", "<tag>"],
      published: "2026-11-01T07:30:00Z",
      updated: "2026-11-02T00:00:00Z",
      paragraphs: ["First body line is a paragraph here."],
    });
  });

  it("refuses a 10 MB seed by its size, without reading it as a story", async () => {
    const dir = seedsFolder({ "001_huge.txt": `Huge\n${"x".repeat(10 * 1024 * 1024)}\n` });
    const result = await buildOf(dir);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(formatProblem(result.problems[0]!)).toMatch(
        /^seeds\/001_huge\.txt: seed is 10240 KiB; the limit is 256 KiB/,
      );
  });

  it("refuses a seed of gigabytes by its size, without reading it", async () => {
    const dir = seedsFolder({ "001_huge.txt": "Huge\nA paragraph.\n" });
    // Sparse: 3 GiB on no disk space, past the 2 GiB a Node buffer may hold.
    truncateSync(join(dir, "001_huge.txt"), 3 * 1024 ** 3);
    const result = await buildOf(dir);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems.map(formatProblem)).toEqual([
        expect.stringMatching(/^seeds\/001_huge\.txt: seed is 3145728 KiB; the limit is 256 KiB/),
      ]);
  });

  it("refuses bad file names, duplicate ids and NNN collisions, naming every file involved", async () => {
    const dir = tempFolder();
    cpSync(NAMES, dir, { recursive: true });
    const result = await buildOf(dir);
    if (result.ok) throw new Error("build succeeded");
    const lines = result.problems.map(formatProblem);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^seeds\/300_has space\.txt: bad seed file name/),
        expect.stringMatching(/^seeds\/301_UPPER\.txt: bad seed file name.*lowercase/),
        'seeds/302_dup.txt: id "dup" is also used by seeds/303_dup.txt',
        'seeds/303_dup.txt: id "dup" is also used by seeds/302_dup.txt',
        'seeds/304_a.txt: number NNN "304" is also used by seeds/304_b.txt',
        'seeds/304_b.txt: number NNN "304" is also used by seeds/304_a.txt',
      ]),
    );
    expect(lines).toHaveLength(6);
  });

  it("fails the CLI with exit 1 and no stack trace, leaving the previous output in place", async () => {
    const out = tempFolder();
    const moduleFile = join(out, "content.ts");
    writeFileSync(moduleFile, "previous content\n");
    const run = spawnSync(join("node_modules", ".bin", "tsx"), ["src/build/cli.ts"], {
      encoding: "utf8",
      env: {
        ...process.env,
        SEEDS_DIR: HOSTILE,
        CONTENT_MODULE: moduleFile,
        ASSETS_DIR: join(out, "assets"),
      },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr.trim().split("\n").at(-1)).toBe(
      `build failed: ${REFUSED.length} problem(s) in 14 file(s); nothing was written`,
    );
    expect(spawnSync("cat", [moduleFile], { encoding: "utf8" }).stdout).toBe("previous content\n");
  });
});
