// When part of the content cannot be read (a chunk missing after a bad deploy, the ASSETS fetch
// failing) or the app cannot be built: 503 with Retry-After, nothing cached, and normal service as
// soon as the cause is gone, without a restart.

import { afterEach, describe, expect, it, vi } from "vitest";
import { joinJsonLines, readJsonLines } from "../../src/core/jsonLines";
import type { Content } from "../../src/core/types";
import { createArchiveReader } from "../../src/worker/archiveReader";
import { assetLoader } from "../../src/worker/assetLoader";
import { createStoryStore } from "../../src/worker/storyStore";
import { ContentUnavailable } from "../../src/worker/contentUnavailable";
import { createApp } from "../../src/worker/createApp";
import { lazyApp } from "../../src/worker/lazyApp";
import { contentOf, makeContent, makeSite, makeStories, testLayout } from "../fixtures/stories";

afterEach(() => vi.restoreAllMocks());

/** Content of 25 stories in chunks of 10 whose chunks can be taken away and put back. */
function removableChunks(): { content: Content; missing: Set<number>; reads: () => number } {
  const inner = contentOf(makeStories(25), testLayout(10, { chunkSize: 10 }));
  const missing = new Set<number>();
  let reads = 0;
  const read = async (path: string): Promise<Uint8Array> => {
    const chunk = /^\/_chunks\/(\d+)\.jsonl$/.exec(path);
    if (chunk) {
      reads++;
      if (missing.has(Number(chunk[1])))
        throw new ContentUnavailable(`archive file ${path} is missing from the assets (HTTP 404)`);
    }
    return inner.read(path);
  };
  return { content: { ...inner, read }, missing, reads: () => reads };
}

describe("a story chunk that cannot be read", () => {
  it("answers 503 with Retry-After and no-store, logs once per failed read, and recovers when it is back", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const { content, missing, reads } = removableChunks();
    const app = await createApp(content, makeSite());
    // Chunk 0 holds the oldest stories (0-9): story 3's page and archive page 1.
    const paths = ["/stories/story3/headline-number-3", "/archive/1/atom.xml"];
    for (const path of paths) expect((await app.request(path)).status, path).toBe(200);

    // A fresh app (nothing cached) with the chunk deleted under it.
    const { content: broken, missing: gone } = removableChunks();
    const cold = await createApp(broken, makeSite());
    gone.add(0);
    for (const path of paths) {
      for (let attempt = 0; attempt < 2; attempt++) {
        const res = await cold.request(path, { headers: { "Accept-Encoding": "gzip" } });
        expect(res.status, path).toBe(503);
        expect(res.headers.get("Retry-After")).toBe("30");
        expect(res.headers.get("Cache-Control")).toBe("no-store");
        expect(res.headers.get("ETag")).toBeNull();
        expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
        expect(await res.text()).not.toMatch(/chunk|assets|Error/);
      }
    }
    // Each failed read logged once, with what is missing; no stack, nothing about the client.
    expect(errors).toHaveBeenCalledTimes(4);
    expect(String(errors.mock.calls[0]![0])).toBe(
      "archive file /_chunks/0.jsonl is missing from the assets (HTTP 404)",
    );

    // Concurrent requests share one failed read.
    errors.mockClear();
    const together = await Promise.all([paths[0]!, "/stories/story3.json"].map((path) => cold.request(path)));
    expect(together.map((res) => res.status)).toEqual([503, 503]);
    expect(errors).toHaveBeenCalledTimes(1);

    // Put back: served at once, and identical to an app that never lost it.
    gone.delete(0);
    for (const path of paths) {
      const [res, reference] = [await cold.request(path), await app.request(path)];
      expect(res.status, path).toBe(200);
      expect(await res.text()).toBe(await reference.text());
    }
    missing.add(0);
    // Once read, a chunk is served from memory even if the asset disappears again.
    const before = reads();
    expect((await app.request(paths[0]!)).status).toBe(200);
    expect(reads()).toBe(before);
  });

  it("is reported as ContentUnavailable for a missing file, a failing fetch, bad JSON or a chunk that is no list", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const answers: (() => Promise<Response>)[] = [
      async () => new Response("Not Found", { status: 404 }),
      async () => {
        throw new Error("network connection lost");
      },
      async () => new Response("{ not json"),
      async () => new Response('{"a": 1}'),
      // Offsets that are not JSON, that do not add up to the file, and a story line that is not JSON.
      async () => new Response("[0, 3\n{}\n"),
      async () => new Response("[0,3,6]\n{}\n{}\n{}\n"),
      async () => new Response(`[0,3,6,9,12,15,18,21,24]\n${"{}\n".repeat(7)}{x\n`),
    ];
    for (const answer of answers) {
      const assets = { fetch: answer } as unknown as Fetcher;
      const reader = createArchiveReader(
        { manifest: makeContent(1).manifest, read: assetLoader(assets) },
        1e6,
      );
      await expect(createStoryStore(reader, testLayout(10)).at([7])).rejects.toBeInstanceOf(
        ContentUnavailable,
      );
    }
    const stories = makeStories(2);
    const chunk = joinJsonLines(stories.map((story) => new TextEncoder().encode(JSON.stringify(story))));
    const assets = { fetch: async () => new Response(chunk) } as unknown as Fetcher;
    const reader = createArchiveReader({ manifest: makeContent(1).manifest, read: assetLoader(assets) }, 1e6);
    expect(await createStoryStore(reader, testLayout(10)).at([1, 0])).toEqual(stories.slice().reverse());
    // A chunk is held as its bytes, its stories parsed when asked for.
    expect(reader.cachedBytes).toBe(chunk.length);
  });
});

describe("a chunk from another build than the index", () => {
  it("answers 503 rather than the wrong story, and serves the right one once the chunk matches", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const inner = contentOf(makeStories(25), testLayout(10, { chunkSize: 10 }));
    let mixed = true;
    const content: Content = {
      ...inner,
      read: async (path) => {
        const bytes = await inner.read(path);
        if (!mixed || path !== "/_chunks/0.jsonl") return bytes;
        // A half-finished deploy: chunk 0 of the previous build, its stories one place off.
        const lines = readJsonLines(bytes);
        const stories = Array.from({ length: lines.count }, (_, i) =>
          new TextEncoder().encode(JSON.stringify(lines.at(i))),
        );
        return joinJsonLines([...stories.slice(1), stories[0]!]);
      },
    };
    const app = await createApp(content, makeSite());
    const path = "/stories/story3/headline-number-3";
    const wrong = await app.request(path);
    expect(wrong.status).toBe(503);
    expect(String(errors.mock.calls[0]![0])).toBe("story chunk 0 does not hold story3 at offset 3");
    mixed = false;
    const right = await app.request(path);
    expect(right.status).toBe(200);
    expect(await right.text()).toContain("<h1>Headline number 3</h1>");
  });
});

/**
 * Content of five stories whose JSON files under `prefix` are rewritten by
 * `rewrite` while `mixed` (a deploy mixing two builds), and read as built once
 * it is set to false.
 */
function mixedJson<T>(prefix: string, rewrite: (value: T) => unknown): { content: Content; mixed: boolean } {
  const inner = contentOf(makeStories(5));
  const files = {
    mixed: true,
    content: {
      ...inner,
      read: async (path: string): Promise<Uint8Array> => {
        const bytes = await inner.read(path);
        if (!files.mixed || !path.startsWith(prefix)) return bytes;
        return new TextEncoder().encode(
          JSON.stringify(rewrite(JSON.parse(new TextDecoder().decode(bytes)) as T)),
        );
      },
    },
  };
  return files;
}

describe("an id lookup from another build than the index", () => {
  it.each([
    ["where the index holds another story", 1, /holds story4 where the id lookup puts story3/],
    ["past the archive's end", 97, /puts story3 at 100, past the archive's end/],
  ])("answers 503 for an id put %s, and serves the story once the files match", async (_, shift, logged) => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    // While mixed, the id lookup puts story3 (ordinal 3) `shift` places further.
    const files = mixedJson("/_ids/", (lookup: Record<string, number>) =>
      "story3" in lookup ? { ...lookup, story3: lookup["story3"]! + shift } : lookup,
    );
    const app = await createApp(files.content, makeSite());
    const path = "/stories/story3/headline-number-3";
    for (let attempt = 0; attempt < 2; attempt++) {
      const wrong = await app.request(path);
      expect(wrong.status).toBe(503);
      expect(await wrong.text()).not.toContain("Headline number 4");
    }
    expect(String(errors.mock.calls[0]![0])).toMatch(logged);
    // The files are read again: the next request finds them matching.
    files.mixed = false;
    const right = await app.request(path);
    expect(right.status).toBe(200);
    expect(await right.text()).toContain("<h1>Headline number 3</h1>");
  });
});

describe("a list file from another build than the index", () => {
  it("answers 503 while it lacks a story the index has, and serves once it matches", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    // While mixed, the list file of summaries holds only the first two stories.
    const files = mixedJson("/_lists/", (list: unknown[]) => list.slice(0, 2));
    const app = await createApp(files.content, makeSite());
    for (let attempt = 0; attempt < 2; attempt++) expect((await app.request("/")).status).toBe(503);
    expect(String(errors.mock.calls[0]![0])).toMatch(/^list file 0 lacks story \d$/);
    files.mixed = false;
    expect((await app.request("/")).status).toBe(200);
  });
});

/** Content whose script names another build than its directory (a deploy half done) until `mixed` is false. */
function mixedBuilds(): { content: Content; inner: Content; state: { mixed: boolean } } {
  const inner = contentOf(makeStories(5));
  const state = { mixed: true };
  const content: Content = {
    ...inner,
    manifest: {
      ...inner.manifest,
      get version() {
        return state.mixed ? "previous-build" : inner.manifest.version;
      },
    },
  };
  return { content, inner, state };
}

describe("a directory from another build than the script", () => {
  it("answers 503 and logs both builds, and serves once they match", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const { content, inner, state } = mixedBuilds();
    const app = await createApp(content, makeSite());
    expect((await app.request("/")).status).toBe(503);
    expect(String(errors.mock.calls[0]![0])).toBe(
      `the archive directory is of build ${inner.manifest.version}, the script of previous-build`,
    );
    state.mixed = false;
    expect((await app.request("/")).status).toBe(200);
  });
});

describe("a served state that cannot be read", () => {
  it("answers 503 with the headers of every answer: Vary, the security headers, HSTS over https", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const { content, state } = mixedBuilds();
    const app = await createApp(content, makeSite());
    for (const url of ["https://news.example.org/", "https://news.example.org/feed.xml"]) {
      const res = await app.request(url, { headers: { "Accept-Encoding": "gzip" } });
      expect(res.status, url).toBe(503);
      expect(res.headers.get("Cache-Control"), url).toBe("no-store");
      expect(res.headers.get("Vary"), url).toContain("Accept-Encoding");
      expect(res.headers.get("X-Content-Type-Options"), url).toBe("nosniff");
      expect(res.headers.get("Content-Security-Policy"), url).toContain("default-src 'none'");
      expect(res.headers.get("Strict-Transport-Security"), url).not.toBeNull();
    }
    state.mixed = false;
    const res = await app.request("https://news.example.org/");
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });
});

describe("an app that fails to build", () => {
  it("answers 503 and is built again by the next request", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    let builds = 0;
    const fetch = lazyApp<object>(async () => {
      builds++;
      if (builds === 1) throw new Error("crypto.subtle unavailable");
      return createApp(contentOf(makeStories(2)), makeSite());
    });
    const ctx = {} as ExecutionContext;
    const first = await fetch(new Request("http://example.com/feed.xml"), {}, ctx);
    expect(first.status).toBe(503);
    expect(first.headers.get("Retry-After")).toBe("30");
    expect(first.headers.get("Cache-Control")).toBe("no-store");
    const second = await fetch(new Request("http://example.com/feed.xml"), {}, ctx);
    expect(second.status).toBe(200);
    await fetch(new Request("http://example.com/"), {}, ctx);
    expect(builds).toBe(2);
  });

  it("keeps answering 503 for invalid settings, which only a new deployment fixes", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    let builds = 0;
    const fetch = lazyApp<object>(async () => {
      builds++;
      return ["SITE_URL is not set"];
    });
    for (let i = 0; i < 2; i++) {
      const res = await fetch(new Request("http://example.com/"), {}, {} as ExecutionContext);
      expect(res.status).toBe(503);
      expect(await res.text()).toBe("Service Unavailable: the site's settings are invalid.\n");
    }
    expect(builds).toBe(1);
    expect(String(errors.mock.calls[0]![0])).toContain("SITE_URL is not set");
  });
});

describe("topic files from another build than the directory", () => {
  it("answers 503 for a topic, block or tail file disagreeing with the rest, and recovers", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    // 110 stories tagged World: five full blocks of 20 (ordinals 0 to 99) and a tail of ten.
    const inner = contentOf(
      makeStories(110, () => ({ tags: ["World"] })),
      testLayout(5, { chunkSize: 10, segmentSize: 20 }),
    );
    let broken: "missing" | "old" | "block" | "tail" | null = "missing";
    const encoder = new TextEncoder();
    const json = (value: unknown) => encoder.encode(JSON.stringify(value));
    const content: Content = {
      ...inner,
      read: async (path) => {
        const bytes = await inner.read(path);
        const parsed = () => JSON.parse(new TextDecoder().decode(bytes));
        if (/^\/_topics\/\d+\.json$/.test(path)) {
          if (broken === "missing") return json({});
          // The format before blocks were counted: every ordinal of the topic.
          if (broken === "old") return json({ world: { key: parsed().world.key, ordinals: [0, 1, 1] } });
        }
        // Block 0 of a build where a story in its middle had not the tag yet: same length, same first.
        if (broken === "block" && path.startsWith("/_topics/b/") && path.endsWith("-0.jsonl")) {
          const lines = readJsonLines<unknown>(bytes);
          const [deltas, ...entries] = Array.from({ length: lines.count }, (_, i) => lines.at(i));
          const shifted = (deltas as number[]).map((delta, i) =>
            i === 10 ? delta + 1 : i === 11 ? delta - 1 : delta,
          );
          return joinJsonLines([shifted, ...entries].map(json));
        }
        // A tail file of a build with one story fewer.
        if (broken === "tail" && path.startsWith("/_topics/t/"))
          return json({ ...parsed(), world: parsed().world.slice(1) });
        return bytes;
      },
    };
    const app = await createApp(content, makeSite());
    expect((await app.request("/tags/world")).status).toBe(503);
    expect(String(errors.mock.calls.at(-1)![0])).toMatch(
      /^topic file \d+ lacks world, which the directory lists$/,
    );
    broken = "old";
    expect((await app.request("/tags/world")).status).toBe(503);
    expect(String(errors.mock.calls.at(-1)![0])).toMatch(
      /^topic file \/_topics\/\d+\.json holds an unsound entry for world$/,
    );

    // Page 1 (ordinals 109 to 60) lies in the tail and blocks 4 and 3, page 2 (59 to 10) in blocks 2 to 0.
    broken = "block";
    expect((await app.request("/tags/world")).status).toBe(200);
    expect((await app.request("/tags/world/page/2")).status).toBe(503);
    expect(String(errors.mock.calls.at(-1)![0])).toBe("topic world's block 0 disagrees with its topic file");
    broken = "tail";
    const cold = await createApp(content, makeSite());
    expect((await cold.request("/tags/world")).status).toBe(503);
    expect(String(errors.mock.calls.at(-1)![0])).toBe("topic world's tail disagrees with its topic file");

    broken = null;
    for (const server of [app, cold]) {
      const first = await server.request("/tags/world");
      expect(first.status).toBe(200);
      expect(await first.text()).toContain("Headline number 109");
      const second = await server.request("/tags/world/page/2");
      expect(second.status).toBe(200);
      expect(await second.text()).toContain("Headline number 10<");
    }
  });
});

describe("search summaries from another build than the index", () => {
  it.each([
    ["an array, as builds before JSON lines wrote them", (lines: unknown[]) => JSON.stringify(lines)],
    [
      "short of the stories the index has",
      (lines: unknown[]) => joinJsonLines(lines.slice(0, 2).map((line) => utf8(JSON.stringify(line)))),
    ],
    [
      "with a line that is not JSON",
      (lines: unknown[]) =>
        joinJsonLines(lines.map((_, i) => utf8(i === 4 ? "[" : JSON.stringify(lines[i])))),
    ],
  ])("answers 503 for a summaries file %s, and serves once it matches", async (_, rewrite) => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const inner = contentOf(makeStories(5));
    let mixed = true;
    const content: Content = {
      ...inner,
      read: async (path) => {
        const bytes = await inner.read(path);
        if (!mixed || !path.startsWith("/_search/s/")) return bytes;
        const file = readJsonLines<unknown>(bytes);
        const rewritten = rewrite(Array.from({ length: file.count }, (_, i) => file.at(i)));
        return typeof rewritten === "string" ? utf8(rewritten) : rewritten;
      },
    };
    const app = await createApp(content, makeSite());
    // Every story of makeStories has the word "headline"; the newest comes first.
    for (let attempt = 0; attempt < 2; attempt++) {
      expect((await app.request("/search?q=headline")).status).toBe(503);
    }
    expect(String(errors.mock.calls[0]![0])).toMatch(
      /^search file \/_search\/s\/0\.jsonl (is not a summaries file|lacks story 4)$/,
    );
    mixed = false;
    const served = await app.request("/search?q=headline");
    expect(served.status).toBe(200);
    expect(await served.text()).toContain("Headline number 4");
  });
});

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
