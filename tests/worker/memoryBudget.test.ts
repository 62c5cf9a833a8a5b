// The isolate's caches stay within their byte budgets, also with the largest seeds the build accepts.

import { describe, expect, it } from "vitest";
import { MAX_SEED_BYTES } from "../../src/build/parseSeed";
import type { Content } from "../../src/core/types";
import { createApp, MEMORY_BUDGET } from "../../src/worker/createApp";
import { contentOf, makeSite, makeStories } from "../fixtures/stories";

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
    content: { ...content, loadChunk: (chunk) => (reads++, content.loadChunk(chunk)) },
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
        expect(held.chunks, path).toBeLessThanOrEqual(MEMORY_BUDGET.chunkBytes);
        expect(held.state, path).toBeLessThanOrEqual(
          MEMORY_BUDGET.representationBytes + MEMORY_BUDGET.replayBytes,
        );
      }
    }
    // Something is kept: a largest chunk fits its budget, so a warm page is not read again.
    expect(app.cachedBytes().chunks).toBeGreaterThan(20 * 1024 * 1024);
  }, 60_000); // 30 MB of stories rendered into every format: slow on a busy machine, not a timing check

  it("bounds chunks by their bytes, not their number", async () => {
    const stories = makeStories(30);
    const oneChunk = JSON.stringify(stories.slice(0, 10)).length * 2;
    // Room for one chunk and a half: two chunks never stay together, whatever their count.
    const { content, reads } = counting(contentOf(stories, 10));
    const app = await createApp(content, makeSite(), {
      chunkBytes: oneChunk * 1.5,
      representationBytes: 1,
      replayBytes: 1,
    });
    for (let round = 0; round < 3; round++) {
      for (const path of ["/archive/1/feed.xml", "/archive/2/feed.xml"]) {
        expect((await app.request(path)).status).toBe(200);
      }
    }
    expect(reads()).toBe(6);
    expect(app.cachedBytes()).toEqual({ chunks: oneChunk, state: 0, search: 0 });
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
