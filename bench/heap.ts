// In-process leak check for `npm run load`: the app's JS heap after many mixed requests, garbage collected.
// Run as `node --expose-gc --import tsx bench/heap.ts SITE_DIR REQUESTS`; prints JSON.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { builtContent } from "./builtContent";

const [siteDir, countText] = process.argv.slice(2);
if (!siteDir || !countText) throw new Error("usage: heap.ts SITE_DIR REQUESTS");
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");

const { createApp } = (await import(
  pathToFileURL(join(siteDir, "src/worker/createApp.ts")).href
)) as typeof import("../src/worker/createApp");
const { content } = await builtContent(siteDir);
const { pageSize } = content.manifest.layout;
// Every story's index entry, from the index files the build wrote (oldest first).
const indexDir = join(siteDir, "dist/assets/_index");
const index = readdirSync(indexDir)
  .filter((name) => /^\d+\.json$/.test(name))
  .sort((a, b) => parseInt(a) - parseInt(b))
  .flatMap(
    (name) => JSON.parse(readFileSync(join(indexDir, name), "utf8")) as { id: string; slug: string }[],
  );
const heapMiB = (): number => {
  gc();
  return Math.round((process.memoryUsage().heapUsed / 1024 / 1024) * 10) / 10;
};
// The bench's own data (the index it read to make paths) is in the heap too: the app's share is
// what grows from here.
const beforeApp = heapMiB();
const app = await createApp(content, {
  title: "Load News",
  description: "Synthetic stories",
  baseUrl: "http://127.0.0.1:8787",
  language: "en",
  author: "Load Desk",
  feedId: "urn:uuid:0c6b1f4e-8a51-4d7e-9a53-6e2f1b9d7c40",
  feedSize: 50,
  showDrafts: false,
  hubUrl: null,
});

// Story pages, home pages and archive pages from the whole archive (at most 20,000 of each, evenly
// spread), and hostile paths: far more than the caches hold.
const spread = <T>(list: T[]): T[] => list.filter((_, i) => i % Math.ceil(list.length / 20_000) === 0);
const paths = [
  ...spread(index).map((story) => `/stories/${story.id}/${story.slug}`),
  ...spread(Array.from({ length: Math.ceil(index.length / 20) }, (_, i) => `/page/${i + 1}`)),
  ...spread(
    Array.from({ length: Math.floor(index.length / pageSize) }, (_, i) => `/archive/${i + 1}/feed.xml`),
  ),
  ...Array.from({ length: 500 }, (_, i) => `/no/such/${i}`),
  "/feed.xml",
  "/atom.xml",
  "/feed.json",
];
const run = async (count: number): Promise<void> => {
  for (let i = 0; i < count; i++) {
    const res = await app.fetch(
      new Request(`http://127.0.0.1${paths[i % paths.length]}`, {
        headers: { "Accept-Encoding": i % 2 ? "gzip" : "" },
      }),
    );
    await res.arrayBuffer();
  }
};
const count = Number(countText);
await run(paths.length); // fill the caches once
const afterFill = heapMiB();
await run(count);
const afterFirst = heapMiB();
await run(count);
const afterSecond = heapMiB();
console.log(
  JSON.stringify({
    requestsPerPhase: count,
    distinctPaths: paths.length,
    heapMiB: { beforeApp, afterFill, afterFirst, afterSecond },
    appMiB: Math.round((afterSecond - beforeApp) * 10) / 10,
  }),
);
