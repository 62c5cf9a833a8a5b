// Cold search queries in-process: each on a fresh app (nothing cached), CPU time and index bytes read.
// Run by bench/run.ts as `tsx bench/searchCold.ts SITE_DIR`; prints JSON.

import { join } from "node:path";
import { BENCH_SITE } from "./benchSite";
import { builtContent, siteCreateApp } from "./builtContent";
import { BENCH_QUERY_PAGES, benchQueries, type BenchQueries } from "./searchQueries";

const [siteDir] = process.argv.slice(2);
if (!siteDir) throw new Error("usage: searchCold.ts SITE_DIR");
const createApp = await siteCreateApp(siteDir);

/**
 * Fresh apps per query: the first WARMUP rounds not counted (V8 compiling this
 * code), then the median of REPEATS.
 */
const WARMUP = 5;
const REPEATS = 25;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const queries = benchQueries(join(siteDir, "dist/assets"));
const runs = Object.entries(queries).map(([kind, q]) => ({
  kind,
  q,
  cpu: [] as number[],
  read: [] as number[],
  found: 0,
}));
// Round by round, each query once a round: a query measured first would otherwise pay for the
// heap growing and the code warming up, and its figure would depend on its place in the list.
for (let i = 0; i < WARMUP + REPEATS; i++) {
  for (const run of runs) {
    const { content, bytesRead } = await builtContent(siteDir);
    const app = await createApp(content, BENCH_SITE);
    const params = new URLSearchParams({ q: run.q });
    const page = BENCH_QUERY_PAGES[run.kind as keyof BenchQueries];
    if (page) params.set("page", String(page));
    const url = `http://127.0.0.1:8787/search?${params.toString()}`;
    const start = process.cpuUsage();
    const res = await app.fetch(new Request(url));
    const html = await res.text();
    const used = process.cpuUsage(start);
    if (i < WARMUP) continue;
    run.cpu.push((used.user + used.system) / 1000);
    run.read.push(bytesRead() / 1024);
    // "12 stories", "At least 11 stories" for a phrase search that did not check every candidate, or
    // "There are no results on page 100: the 40 stories found" past the last results.
    run.found = Number(
      /role="status">(?:At least |There are no results on page \d+: the )?(\d+) stor(?:y|ies)/.exec(
        html,
      )?.[1] ?? 0,
    );
  }
}
const results: Record<string, { q: string; results: number; cpuMs: number; kbRead: number }> = {};
for (const { kind, q, cpu, read, found } of runs) {
  results[kind] = { q, results: found, cpuMs: median(cpu), kbRead: median(read) };
}
console.log(JSON.stringify({ queries, results }));
