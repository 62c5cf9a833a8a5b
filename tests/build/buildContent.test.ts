import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildContent } from "../../src/build/buildContent";
import { readFileSync, readdirSync } from "node:fs";
import { writeContent } from "../../src/build/writeContent";
import { formatProblem } from "../../src/build/problem";
import { git, seedsFolder, tempFolder } from "./seedsFolder";
import { testLayout } from "../fixtures/stories";
import { readJsonLines } from "../../src/core/jsonLines";

const EPOCH = "1767225600"; // 2026-01-01T00:00:00Z

function build(dir: string, sourceDateEpoch: string | undefined = EPOCH) {
  return buildContent({ seedsDir: dir, label: "seeds", sourceDateEpoch });
}

describe("buildContent", () => {
  it("collects every problem of every file and writes nothing", async () => {
    const dir = seedsFolder({
      "001_good.txt": "Headline\nParagraph.\n",
      "002_empty.txt": "",
      "003_short.txt": "Only headline\n",
      "004_Upper.txt": "H\nP\n",
      "005_good.txt": "H\nP\n",
      "005_clash.txt": "H\nP\n",
      "006_good.txt": "H\nP\n",
      "notes.md": "not a seed",
      ".gitkeep": "",
    });
    const result = await build(dir);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const lines = result.problems.map(formatProblem);
    expect(lines).toHaveLength(9);
    expect(lines).toEqual(
      expect.arrayContaining([
        "seeds/002_empty.txt: empty file: a seed needs a headline and at least one paragraph",
        expect.stringMatching(/^seeds\/003_short\.txt:1: headline only/),
        expect.stringMatching(/^seeds\/004_Upper\.txt: bad seed file name.*lowercase/),
        'seeds/005_clash.txt: number NNN "5" is also used by seeds/005_good.txt',
        'seeds/005_good.txt: number NNN "5" is also used by seeds/005_clash.txt',
        'seeds/001_good.txt: id "good" is also used by seeds/005_good.txt, seeds/006_good.txt',
        'seeds/005_good.txt: id "good" is also used by seeds/001_good.txt, seeds/006_good.txt',
        'seeds/006_good.txt: id "good" is also used by seeds/001_good.txt, seeds/005_good.txt',
        expect.stringMatching(/^seeds\/notes\.md: bad seed file name/),
      ]),
    );
  });

  it("refuses an empty seeds folder and a missing one", async () => {
    expect(await build(seedsFolder({}))).toEqual({
      ok: false,
      problems: [{ file: "seeds", message: expect.stringContaining("no stories") }],
    });
    expect(await build(join(seedsFolder({}), "missing"))).toEqual({
      ok: false,
      problems: [{ file: "seeds", message: expect.stringContaining("cannot read the seeds folder") }],
    });
  });

  it("orders newest first, NNN breaking ties, and derives slug, guid and summary", async () => {
    const dir = seedsFolder({
      "001_first.txt": "First headline\nBody one.\n",
      "002_second.txt": "Second: the ‘headline’!\nBody two.\n",
      "003_dated.txt":
        "---\ndate: 2025-06-01\nsummary: Given summary.\nauthor: Ana\ntags: [Asia]\n---\nOld news\nBody.\n",
    });
    const result = await build(dir);
    if (!result.ok) throw new Error("build failed");
    expect(result.stories.map((s) => s.id)).toEqual(["second", "first", "dated"]);
    const [second, , dated] = result.stories;
    expect(second).toMatchObject({
      number: 2,
      slug: "second-the-headline",
      summary: "Body two.",
      author: null,
      published: "2026-01-01T00:00:00Z",
      guid: expect.stringMatching(/^urn:uuid:/),
    });
    expect(dated).toMatchObject({
      summary: "Given summary.",
      author: "Ana",
      tags: ["Asia"],
      published: "2025-06-01T00:00:00Z",
      // A front-matter date and no other evidence of change: last updated when published.
      updated: "2025-06-01T00:00:00Z",
    });
  });

  it("warns, naming the files, when dates fall back to SOURCE_DATE_EPOCH", async () => {
    const result = await build(seedsFolder({ "001_a.txt": "H\nP\n" }));
    expect(result.ok && result.warnings).toEqual([
      expect.stringMatching(/1 seed\(s\) have no date .* using SOURCE_DATE_EPOCH: seeds\/001_a\.txt/),
    ]);
  });

  it("takes dates from git: first add, last change, following renames", async () => {
    const dir = seedsFolder({ "001_a.txt": "Headline\nFirst version.\n", "002_b.txt": "B\nBody.\n" });
    git(dir, ["init", "-q"]);
    git(dir, ["add", "."]);
    git(dir, ["commit", "-qm", "add"], "2026-03-01T10:00:00+02:00");
    writeFileSync(join(dir, "001_a.txt"), "Headline\nSecond version.\n");
    git(dir, ["commit", "-qam", "edit"], "2026-03-05T12:00:00Z");
    renameSync(join(dir, "002_b.txt"), join(dir, "003_b.txt"));
    git(dir, ["add", "-A"]);
    git(dir, ["commit", "-qm", "renumber"], "2026-03-09T12:00:00Z");

    const result = await build(dir, undefined);
    if (!result.ok) throw new Error("build failed");
    expect(result.warnings).toEqual([]);
    const byId = Object.fromEntries(result.stories.map((s) => [s.id, s]));
    expect(byId.a).toMatchObject({ published: "2026-03-01T08:00:00Z", updated: "2026-03-05T12:00:00Z" });
    expect(byId.b).toMatchObject({
      number: 3,
      published: "2026-03-01T08:00:00Z",
      updated: "2026-03-01T08:00:00Z",
    });
  });

  it("chunks stories oldest first, so a full chunk keeps its stories as new ones arrive", async () => {
    const seeds = Object.fromEntries(
      Array.from({ length: 7 }, (_, i) => [`${String(i).padStart(3, "0")}_s${i}.txt`, `Story ${i}\nBody.\n`]),
    );
    const dir = seedsFolder(seeds);
    const out = tempFolder();
    const result = await build(dir);
    if (!result.ok) throw new Error("build failed");
    expect(
      writeContent(
        result.stories,
        { moduleFile: join(out, "content.ts"), assetsDir: out },
        testLayout(3, { chunkSize: 3 }),
      ),
    ).toMatchObject({ removed: 0 });
    const chunk = (n: number) => {
      const lines = readJsonLines<{ id: string }>(readFileSync(join(out, "_chunks", `${n}.jsonl`)));
      return Array.from({ length: lines.count }, (_, i) => lines.at(i)!.id);
    };
    expect([chunk(0), chunk(1), chunk(2)]).toEqual([["s0", "s1", "s2"], ["s3", "s4", "s5"], ["s6"]]);
    // Fewer stories now: the stale chunk goes, the unchanged ones are not rewritten.
    const fewer = await build(seedsFolder(Object.fromEntries(Object.entries(seeds).slice(0, 5))));
    if (!fewer.ok) throw new Error("build failed");
    expect(
      writeContent(
        fewer.stories,
        { moduleFile: join(out, "content.ts"), assetsDir: out },
        testLayout(3, { chunkSize: 3 }),
      ),
    ).toMatchObject({ removed: 3 }); // chunk 2, and the id files only s5 and s6 were in
    expect(readdirSync(join(out, "_chunks")).sort()).toEqual(["0.jsonl", "1.jsonl"]);
  });
});
