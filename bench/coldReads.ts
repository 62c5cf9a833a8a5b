// What a cold isolate pays for one request: a fresh app per request (nothing cached), the asset
// files and bytes it reads, and its CPU time, for the routes of the table and those deep in the archive.
// Run by bench/run.ts as `tsx bench/coldReads.ts SITE_DIR`; prints JSON.

import { join } from "node:path";
import { archiveRoutes } from "./archiveRoutes";
import { BENCH_SITE } from "./benchSite";
import { builtContent, siteCreateApp } from "./builtContent";

const [siteDir] = process.argv.slice(2);
if (!siteDir) throw new Error("usage: coldReads.ts SITE_DIR");
const createApp = await siteCreateApp(siteDir);

/**
 * Fresh apps per route: the first WARMUP are not counted (they time V8 compiling this code, which
 * a workerd isolate does once, not the cold caches this measures); the median of the rest is.
 */
const WARMUP = 5;
const REPEATS = 25;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const routes = [
  { name: "home", path: "/" },
  { name: "rss", path: "/feed.xml" },
  ...archiveRoutes(join(siteDir, "dist/assets")),
  { name: "sitemap index", path: "/sitemap.xml" },
];
const runs = routes.map((route) => ({ route, cpu: [] as number[], files: 0, kib: 0, status: 0 }));
// Round by round, each route once a round: a route measured first would otherwise pay for the
// heap growing and the code warming up, and its figure would depend on its place in the list.
for (let i = 0; i < WARMUP + REPEATS; i++) {
  for (const run of runs) {
    const { content, bytesRead, filesRead } = await builtContent(siteDir);
    const start = process.cpuUsage();
    const app = await createApp(content, BENCH_SITE);
    const res = await app.fetch(
      new Request(`http://127.0.0.1:8787${run.route.path}`, { headers: { "Accept-Encoding": "gzip" } }),
    );
    await res.arrayBuffer();
    const used = process.cpuUsage(start);
    if (i >= WARMUP) run.cpu.push((used.user + used.system) / 1000);
    run.files = filesRead();
    run.kib = bytesRead() / 1024;
    run.status = res.status;
  }
}
const results: Record<string, { path: string; status: number; files: number; kib: number; cpuMs: number }> =
  {};
for (const { route, cpu, files, kib, status } of runs) {
  results[route.name] = { path: route.path, status, files, kib, cpuMs: median(cpu) };
}
console.log(JSON.stringify(results));
