// The build's output is all or nothing, and the same seeds always give the same bytes.

import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { writeContent } from "../../src/build/writeContent";
import { fnv1a, LAYOUT as PRODUCTION_LAYOUT } from "../../src/core/archiveLayout";
import { makeStories, testLayout } from "../fixtures/stories";

/** Archive pages and chunks of 10 stories, index files of 40. */
const LAYOUT = testLayout(10, { chunkSize: 10 });
import { tempFolder } from "./seedsFolder";

/** Every file under `dir` (path relative to it -> bytes). */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path)] = readFileSync(path, "latin1");
    }
  };
  walk(dir);
  return files;
}

describe("writeContent", () => {
  it("leaves every previous file exactly as it was when a later write fails", () => {
    const out = tempFolder();
    const paths = { moduleFile: join(out, "generated", "content.ts"), assetsDir: join(out, "assets") };
    const manifest = join(out, "generated", "manifest.json");
    const before = makeStories(25);
    writeContent(before, paths, LAYOUT, { also: new Map([[manifest, "first\n"]]) });
    const previous = snapshot(out);
    expect(
      Object.keys(previous)
        .filter((path) => !path.startsWith("assets/_ids/"))
        .sort(),
    ).toEqual([
      "assets/_chunks/0.jsonl",
      "assets/_chunks/1.jsonl",
      "assets/_chunks/2.jsonl",
      "assets/_index/0.json",
      "assets/_index/directory.json",
      "assets/_lists/0.json",
      "assets/_search/s/0.jsonl",
      "assets/_search/s/1.jsonl",
      "assets/_search/t/0.bin",
      "generated/content.ts",
      "generated/manifest.json",
    ]);

    // Story 0 (in chunk 0) edited and 10 stories added; chunk 3 cannot be written (a directory is in
    // its way), after chunks 0-2 have been replaced and before the module and manifest.
    const after = makeStories(35, (n) => (n === 0 ? { title: "Edited" } : {}));
    mkdirSync(join(out, "assets", "_chunks", "3.jsonl", "obstacle"), { recursive: true });
    expect(() => writeContent(after, paths, LAYOUT, { also: new Map([[manifest, "second\n"]]) })).toThrow();
    const { ["assets/_chunks/3.jsonl/obstacle"]: _, ...left } = snapshot(out);
    expect(left).toEqual(previous);
  });

  it("clears what an interrupted build left and leaves folders it did not write alone", () => {
    const out = tempFolder();
    const paths = { moduleFile: join(out, "content.ts"), assetsDir: out };
    writeContent(makeStories(5), paths, LAYOUT);
    mkdirSync(join(out, "media", "old"), { recursive: true });
    writeFileSync(join(out, "_chunks", `0.jsonl.${process.pid}-0a1b2c3d.tmp`), "half a chunk");
    writeFileSync(join(out, "_chunks", "0.jsonl.12-ffff.bak"), "an old chunk");
    expect(writeContent(makeStories(6), paths, LAYOUT)).toMatchObject({ removed: 0 });
    expect(readdirSync(join(out, "_chunks"))).toEqual(["0.jsonl"]);
    expect(readdirSync(join(out, "media"))).toEqual(["old"]);
  });

  it("stops before passing the asset file budget, naming it, and writes nothing", () => {
    const out = tempFolder();
    const paths = { moduleFile: join(out, "content.ts"), assetsDir: out };
    expect(() => writeContent(makeStories(25), paths, LAYOUT, { assetBudget: 5 })).toThrow(
      "17 asset files (archive and search index) would pass the budget of 5 (Workers' free plan serves 20,000); nothing was written",
    );
    expect(readdirSync(out)).toEqual([]);
  });

  it("puts photo variants in the media folder with their manifest, never among the assets", () => {
    const out = tempFolder();
    const paths = { moduleFile: join(out, "generated", "content.ts"), assetsDir: join(out, "assets") };
    // What a build from before the media bucket left: photos and their headers among the assets.
    mkdirSync(join(out, "assets", "media"), { recursive: true });
    writeFileSync(join(out, "assets", "media", "0123456789abcdef-480.webp"), "old photo");
    writeFileSync(join(out, "assets", "_headers"), "/media/*\n  Cache-Control: immutable\n");
    const cache = tempFolder();
    const files = new Map<string, string>();
    for (const [key, bytes] of [
      ["0123456789abcdef-480.webp", "webp bytes"],
      ["0123456789abcdef-480.jpg", "jpeg"],
      ["fedcba9876543210-card.jpg", "a card"],
    ] as const) {
      writeFileSync(join(cache, key), bytes);
      files.set(key, join(cache, key));
    }
    const media = { dir: join(out, "media"), files };
    const plain = writeContent(makeStories(5), paths, LAYOUT);
    const written = writeContent(makeStories(5), paths, LAYOUT, { media });
    // The same asset count with photos as without.
    expect(written.assetFiles).toBe(plain.assetFiles);
    expect(existsSync(join(out, "assets", "media", "0123456789abcdef-480.webp"))).toBe(false);
    expect(existsSync(join(out, "assets", "_headers"))).toBe(false);
    expect(readdirSync(join(out, "media")).sort()).toEqual([
      "0123456789abcdef-480.jpg",
      "0123456789abcdef-480.webp",
      "fedcba9876543210-card.jpg",
      "manifest.json",
    ]);
    expect(readFileSync(join(out, "media", "0123456789abcdef-480.webp"), "utf8")).toBe("webp bytes");
    expect(readFileSync(join(out, "media", "manifest.json"), "utf8")).toBe(
      [
        '["0123456789abcdef-480.jpg","image/jpeg",4]',
        '["0123456789abcdef-480.webp","image/webp",10]',
        '["fedcba9876543210-card.jpg","image/jpeg",6]',
        "",
      ].join("\n"),
    );
    // A photo no longer used leaves the folder (the bucket keeps it until pruned).
    files.delete("fedcba9876543210-card.jpg");
    writeContent(makeStories(5), paths, LAYOUT, { media });
    expect(readdirSync(join(out, "media"))).not.toContain("fedcba9876543210-card.jpg");
    expect(readFileSync(join(out, "media", "manifest.json"), "utf8")).not.toContain("fedcba9876543210");
  });

  it("removes stale chunks only when the whole build is written", () => {
    const out = tempFolder();
    const paths = { moduleFile: join(out, "content.ts"), assetsDir: out };
    writeContent(makeStories(25), paths, LAYOUT);
    // Chunk 2, and the summary file of stories 16-24.
    expect(writeContent(makeStories(15), paths, LAYOUT)).toMatchObject({ removed: 2 });
    expect(readdirSync(join(out, "_chunks")).sort()).toEqual(["0.jsonl", "1.jsonl"]);
    expect(writeContent(makeStories(15), paths, LAYOUT)).toMatchObject({ written: 0, removed: 0 });
  });
});

describe("npm run build", () => {
  it("gives the same bytes for the same seeds in other folders, written in another order at other times", () => {
    const seeds: [string, string][] = [
      ["001_first.txt", "\uFEFFA & <b> headline\r\nP ]]> 🦄 face‑to‑face\r\n"],
      ["002_second.txt", "---\ndate: 2026-03-01\ntags: [World, Économie]\n---\nSecond\nBody.\n"],
      ["010_third.txt", "Third\n\nOne.\n\nTwo.  \n"],
      [
        "011_fourth.txt",
        "---\ndate: 2026-03-01T10:00:00+02:00\ncorrection: It was 31-9.\n---\nFourth\nText.\n",
      ],
    ];
    const outputs = [seeds, [...seeds].reverse()].map((order, run) => {
      const root = tempFolder();
      const dir = join(root, run === 0 ? "seeds" : "another/place/for/seeds");
      mkdirSync(dir, { recursive: true });
      for (const [i, [name, text]] of order.entries()) {
        writeFileSync(join(dir, name), text);
        utimesSync(join(dir, name), 1_700_000_000 + i * 1000 + run * 77, 1_700_000_000 + i * 1000 + run * 77);
      }
      const out = join(root, "out");
      const build = spawnSync(join("node_modules", ".bin", "tsx"), ["src/build/cli.ts"], {
        encoding: "utf8",
        cwd: process.cwd(),
        env: {
          ...process.env,
          SEEDS_DIR: dir,
          CONTENT_MODULE: join(out, "generated", "content.ts"),
          ASSETS_DIR: join(out, "assets"),
          SOURCE_DATE_EPOCH: "1767225600",
        },
      });
      expect(build.status, build.stderr).toBe(0);
      return snapshot(out);
    });
    expect(Object.keys(outputs[0]!)).toHaveLength(17);
    expect(outputs[1]).toEqual(outputs[0]);
    // Not vacuous: the stories and their dates are in it.
    expect(outputs[0]!["assets/_chunks/0.jsonl"]).toContain("It was 31-9.");
  });
});

describe("an incremental build", () => {
  it("rewrites only the newest chunk, index and list file, one id file, the new story's topic files, the directory and its search postings", () => {
    const out = tempFolder();
    const paths = { moduleFile: join(out, "generated", "content.ts"), assetsDir: join(out, "assets") };
    const tags = (n: number) => [
      ["World", "Science", "Sport", "Arts"][n % 4]!,
      ...(n % 10 === 0 ? ["Ten"] : []),
    ];
    const stories = (count: number) => makeStories(count, (n) => ({ tags: tags(n) }));
    writeContent(stories(1030), paths, PRODUCTION_LAYOUT);
    const before = snapshot(out);
    // One more story: n = 1030, tagged Sport and Ten.
    const summary = writeContent(stories(1031), paths, PRODUCTION_LAYOUT);
    const after = snapshot(out);
    const changed = Object.keys(after).filter((path) => after[path] !== before[path]);
    const archive = changed.filter((path) => !path.startsWith("assets/_search/")).sort();
    const idFile = `assets/_ids/${fnv1a("story1030") % PRODUCTION_LAYOUT.idShards}.json`;
    const topicFiles = ["sport", "ten"].flatMap((slug) => [
      `assets/_topics/${fnv1a(slug) % PRODUCTION_LAYOUT.topicShards}.json`,
      `assets/_topics/t/${fnv1a(slug) % PRODUCTION_LAYOUT.topicShards}.json`,
    ]);
    expect(archive).toEqual(
      [
        "assets/_chunks/5.jsonl",
        "assets/_index/1.json",
        "assets/_index/directory.json",
        "assets/_lists/1.json",
        idFile,
        ...new Set(topicFiles),
        "generated/content.ts",
      ].sort(),
    );
    // The search index: the shards and own files of the story's words, and its summary block (16
    // stories a file).
    const search = changed.filter((path) => path.startsWith("assets/_search/"));
    expect(search).toContain("assets/_search/s/64.jsonl");
    expect(search.length).toBeLessThan(20);
    expect(summary.written).toBe(changed.length);
  });
});

describe("the manifest's version", () => {
  it("changes when any story's text does, so wrangler dev reloads the Worker and its caches", () => {
    const out = tempFolder();
    const paths = { moduleFile: join(out, "content.ts"), assetsDir: join(out, "assets") };
    writeContent(makeStories(30), paths, LAYOUT);
    const module = readFileSync(paths.moduleFile, "utf8");
    // The oldest story's second paragraph only: no date, title or count changes.
    const edited = makeStories(30, (n) => (n === 0 ? { paragraphs: ["First.", "Edited."] } : {}));
    writeContent(edited, paths, LAYOUT);
    const after = readFileSync(paths.moduleFile, "utf8");
    expect(after).not.toBe(module);
    expect(after.replace(/"version":"[^"]+"/, "")).toBe(module.replace(/"version":"[^"]+"/, ""));
    writeContent(edited, paths, LAYOUT);
    expect(readFileSync(paths.moduleFile, "utf8")).toBe(after);
  });
});
