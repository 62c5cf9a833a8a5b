// The isolate's caches stay within their byte budgets, also with the largest seeds the build accepts.

import { describe, expect, it } from "vitest";
import { MAX_SEED_BYTES } from "../../src/build/parseSeed";
import type { Content } from "../../src/core/types";
import { createApp, MEMORY_BUDGET } from "../../src/worker/createApp";
import { archiveFiles } from "../../src/build/archiveFiles";
import { contentOf, makeSite, makeStories, testLayout } from "../fixtures/stories";
import type { TermList } from "../../src/core/search/indexFormat";
import { matchAny } from "../../src/worker/searchMatch";

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

/** The typed arrays' constructors, each made to count the bytes of the arrays it makes. */
const TYPED_ARRAYS = [
  "Int8Array",
  "Uint8Array",
  "Uint8ClampedArray",
  "Int16Array",
  "Uint16Array",
  "Int32Array",
  "Uint32Array",
  "Float32Array",
  "Float64Array",
  "BigInt64Array",
  "BigUint64Array",
] as const;

/** What `run` returns, and the bytes of the typed arrays made while it ran (`new`, `from`, `of`). */
function typedArrayBytes<T>(run: () => T): { result: T; bytes: number } {
  const global = globalThis as unknown as Record<string, unknown>;
  const originals = TYPED_ARRAYS.map((name) => global[name] as new (...args: unknown[]) => ArrayBufferView);
  let bytes = 0;
  TYPED_ARRAYS.forEach((name, i) => {
    global[name] = new Proxy(originals[i]!, {
      construct(target, args, newTarget) {
        const made = Reflect.construct(target, args, newTarget === global[name] ? target : newTarget);
        bytes += made.byteLength;
        return made;
      },
    });
  });
  try {
    return { result: run(), bytes };
  } finally {
    TYPED_ARRAYS.forEach((name, i) => (global[name] = originals[i]));
  }
}

/** The lists of three words in an archive of `docs` stories, in each of the index's forms. */
function archiveLists(docs: number): TermList[] {
  // A word in every fourth story, each weighing 100 (a bitmap and a weight byte a story with it).
  const bitmap = new Uint8Array(Math.ceil(docs / 8)).fill(0b00010001);
  const dense: TermList = {
    form: "dense",
    count: docs / 4,
    bitmap,
    weights: new Uint8Array(docs / 4).fill(100),
  };
  // A word in all stories but every hundredth.
  const absent = Uint32Array.from({ length: docs / 100 }, (_, i) => i * 100 + 7);
  const nibbles = new Uint8Array(Math.ceil((docs - absent.length) / 2)).fill(0x77);
  const complement: TermList = {
    form: "complement",
    count: docs - absent.length,
    span: docs,
    absent,
    nibbles,
  };
  // A rare word, in every thousandth story.
  const listed: TermList = {
    form: "listed",
    count: docs / 1000,
    postings: {
      docs: Uint32Array.from({ length: docs / 1000 }, (_, i) => i * 1000 + 3),
      weights: new Uint8Array(docs / 1000).fill(200),
    },
  };
  return [dense, complement, listed];
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

  it("matches any word of a query in a million stories in the memory it takes for ten thousand", () => {
    const made = [10_000, 1_000_000].map((docs) => {
      const lists = archiveLists(docs);
      const excluded = [5, docs / 2 + 3, docs - 1];
      const view = { excluded, isServed: (doc: number) => doc < docs && !excluded.includes(doc) };
      return ["relevance", "date"].map((sort) => {
        const { result, bytes } = typedArrayBytes(() =>
          matchAny(lists, [0.01, 0.001, 0.1], view, docs, 1000, sort),
        );
        // Every story but those without the common word (which have neither other word), less the hidden.
        expect(result.total, sort).toBe(docs - docs / 100 - excluded.length);
        expect(result.ordinals, sort).toHaveLength(1000);
        return bytes;
      });
    });
    // One block of scores, whatever the archive (the old fallback made 15 MB of arrays at a million).
    expect(made[1]).toEqual(made[0]);
    for (const bytes of made.flat()) expect(bytes).toBeLessThanOrEqual(64 * 1024);
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
