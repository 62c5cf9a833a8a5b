// The isolate's caches stay within their byte budgets, also with the largest seeds the build accepts.

import { describe, expect, it } from "vitest";
import { MAX_SEED_BYTES } from "../../src/build/parseSeed";
import type { Content } from "../../src/core/types";
import { createApp, MEMORY_BUDGET } from "../../src/worker/createApp";
import { archiveFiles } from "../../src/build/archiveFiles";
import { contentOf, makeSite, makeStories, testLayout } from "../fixtures/stories";

/**
 * `count` stories of about MAX_SEED_BYTES each (UTF-8). Mostly ASCII, the heaviest
 * case in memory: one UTF-16 unit per byte of seed.
 */
function hugeStories(count: number) {
  const sentence = "The mayor opened the new bridge over the river on Tuesday, café owners said. ";
  const paragraph = sentence.repeat(
    Math.floor(MAX_SEED_BYTES / 4 / new TextEncoder().encode(sentence).length),
  );
  return makeStories(count, () => ({ paragraphs: [paragraph, paragraph, paragraph, paragraph] }));
}

/** `content` counting its chunk reads. */
function counting(content: Content): { content: Content; reads: () => number } {
  let reads = 0;
  return {
    content: { ...content, read: (path) => (path.startsWith("/_chunks/") && reads++, content.read(path)) },
    reads: () => reads,
  };
}

describe("memory budget", () => {
  it("holds every cache within its bytes while serving an archive of the largest seeds", async () => {
    const stories = hugeStories(120);
    const app = await createApp(contentOf(stories, 50), makeSite());
    const paths = [
      "/",
      "/page/2",
      "/feed.xml",
      "/atom.xml",
      "/feed.json",
      "/archive/1/feed.xml",
      "/archive/2/atom.xml",
      ...stories.filter((_, i) => i % 7 === 0).map((story) => `/stories/${story.id}/${story.slug}`),
    ];
    for (let round = 0; round < 2; round++) {
      for (const path of paths) {
        const res = await app.request(path, { headers: { "Accept-Encoding": round === 0 ? "gzip" : "" } });
        expect(res.status, path).toBe(200);
        await res.arrayBuffer();
        const held = app.cachedBytes();
        expect(held.archive, path).toBeLessThanOrEqual(MEMORY_BUDGET.archiveBytes);
        expect(held.state, path).toBeLessThanOrEqual(
          MEMORY_BUDGET.representationBytes + MEMORY_BUDGET.replayBytes,
        );
      }
    }
    // Something is kept: the largest stories have files of their own, which fit the budget.
    expect(app.cachedBytes().archive).toBeGreaterThan(20 * 1024 * 1024);
  }, 60_000); // 30 MB of stories rendered into every format: slow on a busy machine, not a timing check

  it("bounds archive files by their bytes, not their number", async () => {
    // Chunks of 10 stories of about 40 KB: far heavier than the index file (which has each story's
    // summary, 300 characters) and the directory.
    const stories = makeStories(30, (n) => ({
      paragraphs: [`Story ${n}. ${"Words of a long story. ".repeat(1800)}`],
    }));
    const layout = testLayout(10, { chunkSize: 10 });
    const { files } = archiveFiles(stories, layout);
    // As the archive reader weighs them: parsed JSON files as UTF-16, chunks as their (ASCII) bytes.
    const weight = (path: string) => files.get(path)!.length * (path.endsWith(".jsonl") ? 1 : 2);
    const oneChunk = weight("/_chunks/0.jsonl");
    expect(oneChunk).toBeGreaterThan(20 * (weight("/_index/0.json") + weight("/_index/directory.json")));
    // Room for the directory, the index file and one chunk and a half: two chunks never stay together.
    const budget = weight("/_index/directory.json") + weight("/_index/0.json") + oneChunk * 1.5;
    const { content, reads } = counting(contentOf(stories, layout));
    const app = await createApp(content, makeSite(), {
      archiveBytes: budget,
      representationBytes: 1,
      replayBytes: 1,
    });
    for (let round = 0; round < 3; round++) {
      for (const path of ["/archive/1/feed.xml", "/archive/2/feed.xml"]) {
        expect((await app.request(path)).status).toBe(200);
        expect(app.cachedBytes().archive).toBeLessThanOrEqual(budget);
      }
    }
    expect(reads()).toBe(6);
    expect(app.cachedBytes().state).toBe(0);
  });

  it("gives a story its own file by its bytes, so a chunk of the widest characters stays small", async () => {
    // 30,000 CJK characters: about 30,000 UTF-16 units of JSON (under 64 Ki) but 90,000 bytes.
    const wide = makeStories(3, (n) => ({ paragraphs: [`${n}: ${"日本語の記事".repeat(5000)}`] }));
    const { files } = archiveFiles(wide, testLayout(10, { chunkSize: 10 }));
    expect(files.get("/_chunks/0.jsonl")!.length).toBeLessThan(1024);
    expect([...files.keys()].filter((path) => path.startsWith("/_stories/")).sort()).toEqual([
      "/_stories/0.json",
      "/_stories/1.json",
      "/_stories/2.json",
    ]);
    const app = await createApp(contentOf(wide, testLayout(10, { chunkSize: 10 })), makeSite());
    const res = await app.request(`/stories/${wide[1]!.id}/${wide[1]!.slug}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("日本語の記事日本語の記事");
  });

  it("serves a body larger than its cache without keeping it", async () => {
    const app = await createApp(contentOf(makeStories(3)), makeSite(), {
      representationBytes: 100,
      replayBytes: 100,
    });
    const [a, b] = [await app.request("/feed.xml"), await app.request("/feed.xml")];
    expect(b.headers.get("ETag")).toBe(a.headers.get("ETag"));
    expect(await b.text()).toBe(await a.text());
    expect(app.cachedBytes().state).toBe(0);
  });
});
