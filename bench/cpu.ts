// In-process CPU per request: our app's fetch in a loop, next to `new Response(constantBytes)`.
// Run by bench/run.ts as `tsx bench/cpu.ts SITE_DIR ITERATIONS PERMALINK`; prints JSON.

import { join } from "node:path";
import { archiveRoutes } from "./archiveRoutes";
import { BENCH_SITE } from "./benchSite";
import { builtContent, siteCreateApp } from "./builtContent";
import { benchRoutes } from "./routes";
import { benchQueries } from "./searchQueries";

const [siteDir, iterationsText, permalink] = process.argv.slice(2);
if (!siteDir || !iterationsText || !permalink) throw new Error("usage: cpu.ts SITE_DIR ITERATIONS PERMALINK");
const iterations = Number(iterationsText);

const createApp = await siteCreateApp(siteDir);
const site = BENCH_SITE;
const { content } = await builtContent(siteDir);
const app = await createApp(content, site);

/** CPU microseconds per call of `run`, after a warm-up. */
async function cpuPerCall(run: () => Promise<void>): Promise<number> {
  for (let i = 0; i < Math.min(200, iterations); i++) await run();
  const start = process.cpuUsage();
  for (let i = 0; i < iterations; i++) await run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / iterations;
}

const results: Record<string, { ours: number; baseline: number }> = {};
const assets = join(siteDir, "dist/assets");
for (const route of benchRoutes(permalink, benchQueries(assets), archiveRoutes(assets))) {
  const headers: Record<string, string> = { "Accept-Encoding": "gzip" };
  const url = `http://127.0.0.1:8787${route.path}`;
  if (route.revalidate) {
    headers["If-None-Match"] = (await app.fetch(new Request(url, { headers }))).headers.get("ETag") ?? "";
  }
  const sample = await app.fetch(new Request(url, { headers }));
  const bytes = new Uint8Array(await sample.arrayBuffer());
  const status = sample.status;
  const sampleHeaders = [...sample.headers];
  const ours = await cpuPerCall(async () => {
    const res = await app.fetch(new Request(url, { headers }));
    await res.arrayBuffer();
  });
  const baseline = await cpuPerCall(async () => {
    // The same request object is made, so both sides pay for it.
    new Request(url, { headers });
    const res = new Response(status === 304 ? null : bytes, { status, headers: sampleHeaders });
    await res.arrayBuffer();
  });
  results[route.name] = { ours, baseline };
}
console.log(JSON.stringify(results));
