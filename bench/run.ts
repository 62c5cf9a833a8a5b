// `npm run bench`: builds synthetic sites of N stories and measures build, bundle, startup and serving,
// each next to a baseline in the same run. Prints one table and writes it as JSON. Asserts nothing.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import autocannon from "autocannon";
import type { WorkerOptions } from "miniflare";
import { generateCorpus } from "../scripts/generateCorpus";
import { archiveRoutes } from "./archiveRoutes";
import { baselineWorkerSource, type CapturedResponse } from "./baselineWorker";
import { measureMedia, mediaTables } from "./media";
import { measurePhotos, photoTable } from "./photos";
import { benchRoutes, EDGE_HEADERS, type BenchRoute } from "./routes";
import { measureSearch, searchTable, type SearchFigures } from "./search";
import { benchQueries } from "./searchQueries";
import { buildSite, prepareSite, rawGet, ROOT, run, startWorker } from "./site";

const SIZES = (process.env.BENCH_SIZES ?? "10,1000,10000").split(",").filter(Boolean).map(Number);
const DURATION = Number(process.env.BENCH_DURATION ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const CPU_ITERATIONS = Number(process.env.BENCH_CPU_ITERATIONS ?? 2000);
const STARTUP_REPEATS = Number(process.env.BENCH_STARTUP_REPEATS ?? 3);
/** Sizes from which the corpus has one short paragraph per story (a million stories fit disk and memory). */
const SHORT_FROM = Number(process.env.BENCH_SHORT_FROM ?? 1_000_000);
const OUT = resolve(process.env.BENCH_OUT ?? join(ROOT, "bench-results", "latest.json"));
const FREE_LIMIT_KIB = 3 * 1024;
const PAID_LIMIT_KIB = 10 * 1024;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const progress = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);

function requestHeaders(route: BenchRoute, etag: string | null): Record<string, string> {
  return route.revalidate && etag ? { ...EDGE_HEADERS, "If-None-Match": etag } : { ...EDGE_HEADERS };
}

async function load(url: URL, route: BenchRoute, etag: string | null, duration = DURATION) {
  const result = await autocannon({
    url: new URL(route.path, url).href,
    connections: CONNECTIONS,
    duration,
    headers: requestHeaders(route, etag),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result["5xx"],
  };
}

interface RouteFigures {
  route: string;
  oursRps: number;
  baseRps: number;
  rpsRatio: number;
  oursP50: number;
  oursP99: number;
  baseP50: number;
  baseP99: number;
  errors: number;
  oursCpuUs: number;
  baseCpuUs: number;
  cpuRatio: number;
}

/** A cold isolate's cost for one request (bench/coldReads.ts). */
interface ColdFigures {
  path: string;
  status: number;
  files: number;
  kib: number;
  cpuMs: number;
}

interface SizeFigures {
  stories: number;
  short: boolean;
  cold: Record<string, ColdFigures>;
  buildMs: number;
  buildPeakMiB: number;
  bundleKiB: number;
  bundleGzipKiB: number;
  assetFiles: number;
  search: SearchFigures;
  startupMs: number;
  firstRequestMs: number;
  importMs: number;
  routes: RouteFigures[];
}

async function measure(stories: number): Promise<SizeFigures> {
  const work = mkdtempSync(join(tmpdir(), `bench-${stories}-`));
  try {
    progress(`N=${stories}: writing corpus`);
    const seeds = join(work, "seeds");
    generateCorpus(seeds, stories, 1, { short: stories >= SHORT_FROM });
    const site = prepareSite(work);
    progress(`N=${stories}: building, then wrangler deploy --dry-run`);
    const { env, build, dry, bundle, workerOptions, options: ours } = buildSite(site, seeds);
    // The build's last stats line: the process's peak, all threads (see BUILD_STATS in cli.ts).
    const maxRss = 1024 * Number([...build.output.matchAll(/maxRSS=(\d+)MiB/g)].at(-1)?.[1] ?? NaN);
    const assetFiles = readdirSync(join(site, "dist/assets"), {
      recursive: true,
      withFileTypes: true,
    }).filter((entry) => entry.isFile()).length;
    const size = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(dry.output);

    progress(`N=${stories}: startup`);
    // Date.now() advances while workerd evaluates a script's global scope (it is frozen only
    // inside handlers), so a module evaluated first can time the evaluation of the bundle.
    const bundleDir = dirname(bundle);
    writeFileSync(join(bundleDir, "startup-t0.mjs"), "globalThis.__startupT0 = Date.now();\n");
    writeFileSync(
      join(bundleDir, "startup-entry.mjs"),
      [
        'import "./startup-t0.mjs";',
        'import worker from "./index.js";',
        "const startupMs = Date.now() - globalThis.__startupT0;",
        "export default {",
        "  fetch(request, env, ctx) {",
        '    return new URL(request.url).pathname === "/__startup" ? Response.json(startupMs) : worker.fetch(request, env, ctx);',
        "  },",
        "};",
        "",
      ].join("\n"),
    );
    const probe = {
      ...ours,
      scriptPath: join(bundleDir, "startup-entry.mjs"),
      modulesRules: [
        { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
        ...(workerOptions.modulesRules ?? []),
      ],
    } as WorkerOptions;
    const startups: number[] = [];
    const firstRequests: number[] = [];
    for (let i = 0; i < STARTUP_REPEATS; i++) {
      const started = await startWorker(probe);
      startups.push(Number(await (await started.mf.dispatchFetch("http://127.0.0.1/__startup")).text()));
      // The first real request also builds the app (site settings, CSP hash) and renders the home page.
      const t = performance.now();
      await (await started.mf.dispatchFetch("http://127.0.0.1/", { headers: EDGE_HEADERS })).arrayBuffer();
      const cold = performance.now() - t;
      const t2 = performance.now();
      await (await started.mf.dispatchFetch("http://127.0.0.1/", { headers: EDGE_HEADERS })).arrayBuffer();
      firstRequests.push(cold - (performance.now() - t2));
      await started.mf.dispose();
    }
    const importMs = Number(
      run(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `const t = performance.now(); await import(${JSON.stringify(`file://${bundle}`)}); console.log(performance.now() - t);`,
        ],
        site,
        env,
      ).output.trim(),
    );

    progress(`N=${stories}: serving`);
    const worker = await startWorker(ours);
    const firstIndex = JSON.parse(readFileSync(join(site, "dist/assets/_index/0.json"), "utf8"))[0];
    const permalink = `/stories/${firstIndex.id}/${firstIndex.slug}`;
    const assets = join(site, "dist/assets");
    const routes = benchRoutes(permalink, benchQueries(assets), archiveRoutes(assets));
    const etags = new Map<string, string | null>();
    const captured = new Map<string, CapturedResponse>();
    for (const route of routes) {
      const first = await rawGet(new URL(route.path, worker.url), EDGE_HEADERS);
      const etag = first.headers.find(([name]) => name === "etag")?.[1] ?? null;
      etags.set(route.name, etag);
      captured.set(
        route.revalidate ? `${route.path}#304` : route.path,
        await rawGet(new URL(route.path, worker.url), requestHeaders(route, etag)),
      );
    }
    const baselineScript = join(work, "baseline.mjs");
    writeFileSync(baselineScript, baselineWorkerSource(captured));
    // The same Miniflare configuration as ours (assets included), so only the script differs.
    const baseline = await startWorker({
      ...workerOptions,
      name: "baseline",
      modules: true,
      scriptPath: baselineScript,
    } as WorkerOptions);

    const figures: RouteFigures[] = [];
    for (const route of routes) {
      const etag = etags.get(route.name) ?? null;
      const oursRuns: Awaited<ReturnType<typeof load>>[] = [];
      const baseRuns: Awaited<ReturnType<typeof load>>[] = [];
      // Warm-up: JIT, caches and connections, for both.
      await load(worker.url, route, etag, 1);
      await load(baseline.url, route, etag, 1);
      for (let round = 0; round < ROUNDS; round++) {
        // Alternate A B A B so drift on a shared machine hits both alike.
        oursRuns.push(await load(worker.url, route, etag));
        baseRuns.push(await load(baseline.url, route, etag));
      }
      figures.push({
        route: route.name,
        oursRps: median(oursRuns.map((r) => r.rps)),
        baseRps: median(baseRuns.map((r) => r.rps)),
        rpsRatio: median(oursRuns.map((r, i) => r.rps / baseRuns[i]!.rps)),
        oursP50: median(oursRuns.map((r) => r.p50)),
        oursP99: median(oursRuns.map((r) => r.p99)),
        baseP50: median(baseRuns.map((r) => r.p50)),
        baseP99: median(baseRuns.map((r) => r.p99)),
        errors: oursRuns.reduce((sum, r) => sum + r.errors, 0),
        oursCpuUs: NaN,
        baseCpuUs: NaN,
        cpuRatio: NaN,
      });
      progress(`N=${stories}: ${route.name} ${figures.at(-1)!.rpsRatio.toFixed(2)}x`);
    }
    await worker.mf.dispose();
    await baseline.mf.dispose();

    progress(`N=${stories}: in-process CPU`);
    const cpu = JSON.parse(
      run(
        join(site, "node_modules/.bin/tsx"),
        [join(ROOT, "bench/cpu.ts"), site, String(CPU_ITERATIONS), permalink],
        site,
        env,
      )
        .output.trim()
        .split("\n")
        .at(-1)!,
    ) as Record<string, { ours: number; baseline: number }>;
    for (const figure of figures) {
      const c = cpu[figure.route]!;
      Object.assign(figure, { oursCpuUs: c.ours, baseCpuUs: c.baseline, cpuRatio: c.ours / c.baseline });
    }
    progress(`N=${stories}: cold requests`);
    const cold = JSON.parse(
      run(join(site, "node_modules/.bin/tsx"), [join(ROOT, "bench/coldReads.ts"), site], site, env)
        .output.trim()
        .split("\n")
        .at(-1)!,
    ) as Record<string, ColdFigures>;

    return {
      stories,
      short: stories >= SHORT_FROM,
      cold,
      buildMs: build.ms,
      buildPeakMiB: maxRss / 1024,
      bundleKiB: Number(size?.[1]),
      bundleGzipKiB: Number(size?.[2]),
      assetFiles,
      search: measureSearch(site, stories),
      startupMs: median(startups),
      firstRequestMs: median(firstRequests),
      importMs,
      routes: figures,
    };
  } finally {
    // BENCH_KEEP=1 keeps the built site (for `LOAD_SITE=<dir>/site npm run load`).
    if (process.env.BENCH_KEEP === "1") progress(`N=${stories}: kept ${work}`);
    else finished.push(work);
  }
}

/**
 * Each size's folder, deleted once every size is measured, not as soon as
 * its size is: on this machine's ext4 (no journal), creating a file after
 * many were deleted in the last minutes costs the kernel a look at each
 * recently deleted inode (`recently_deleted` in `__ext4_new_inode`, profiled
 * with perf: 1.8 s of CPU in a 100,000-story build started right after its
 * output was deleted), so the next size's build paid for this one's cleanup.
 */
const finished: string[] = [];
process.on("exit", () => {
  for (const work of finished) rmSync(work, { recursive: true, force: true });
});

function table(results: SizeFigures[]): string {
  const f = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
  const lines = [
    "| N | build s | build peak MiB | script KiB (gzip) | free 3 MiB | paid 10 MiB | asset files | startup ms (workerd global scope) | first request extra ms | import ms (Node) |",
    "|---:|---:|---:|---:|:---:|:---:|---:|---:|---:|---:|",
    ...results.map(
      (r) =>
        `| ${r.stories} | ${f(r.buildMs / 1000, 2)} | ${f(r.buildPeakMiB)} | ${f(r.bundleKiB)} (${f(r.bundleGzipKiB)}) | ${r.bundleGzipKiB <= FREE_LIMIT_KIB ? "yes" : "NO"} | ${r.bundleGzipKiB <= PAID_LIMIT_KIB ? "yes" : "NO"} | ${r.assetFiles} | ${f(r.startupMs, 0)} | ${f(r.firstRequestMs, 1)} | ${f(r.importMs, 1)} |`,
    ),
    "",
    "| N | route | ours req/s | baseline req/s | ratio | ours p50/p99 ms | baseline p50/p99 ms | errors | CPU µs/req ours | baseline | ratio |",
    "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...results.flatMap((r) =>
      r.routes.map(
        (x) =>
          `| ${r.stories} | ${x.route} | ${f(x.oursRps)} | ${f(x.baseRps)} | ${f(x.rpsRatio, 2)} | ${f(x.oursP50)}/${f(x.oursP99)} | ${f(x.baseP50)}/${f(x.baseP99)} | ${x.errors} | ${f(x.oursCpuUs, 1)} | ${f(x.baseCpuUs, 1)} | ${f(x.cpuRatio, 2)} |`,
      ),
    ),
  ];
  lines.push(
    "",
    "Cold isolate, one request (a fresh app: directory and files read, nothing cached): asset files read, KiB read, CPU ms",
    "",
    `| route | ${results.map((r) => `N=${r.stories}${r.short ? " (short)" : ""}`).join(" | ")} |`,
    `|---|${results.map(() => "---:").join("|")}|`,
    ...Object.keys(results[0]?.cold ?? {}).map(
      (name) =>
        `| ${name} | ${results
          .map((r) => {
            const c = r.cold[name];
            return c
              ? `${c.files} / ${f(c.kib)} / ${f(c.cpuMs, 1)}${c.status === 200 ? "" : ` (${c.status})`}`
              : "n/a";
          })
          .join(" | ")} |`,
    ),
  );
  if (results.length >= 2) {
    const small = results.find((r) => r.stories === 1000) ?? results.at(-2)!;
    const large = results.at(-1)!;
    lines.push(
      "",
      `build time ratio N=${large.stories} / N=${small.stories}: ${f(large.buildMs / small.buildMs, 2)} (stories ratio ${f(large.stories / small.stories, 0)})`,
    );
  }
  return lines.join("\n");
}

const results: SizeFigures[] = [];
for (const size of SIZES) results.push(await measure(size));
// Search at sizes the serving bench does not reach: built and queried in-process only.
const SEARCH_SIZES = (process.env.BENCH_SEARCH_SIZES ?? "100000").split(",").filter(Boolean).map(Number);
const searchOnly: SearchFigures[] = [];
for (const size of SEARCH_SIZES.filter((n) => !SIZES.includes(n))) {
  progress(`search N=${size}: writing corpus, building`);
  const work = mkdtempSync(join(tmpdir(), `bench-search-${size}-`));
  try {
    generateCorpus(join(work, "seeds"), size);
    const site = prepareSite(work);
    run("npm", ["run", "--silent", "build"], site, { SEEDS_DIR: join(work, "seeds") });
    searchOnly.push(measureSearch(site, size));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
const PHOTOS = Number(process.env.BENCH_PHOTOS ?? 100);
const photos = PHOTOS > 0 ? await measurePhotos(PHOTOS, progress) : null;
// Photos in the R2 bucket (issue 27); BENCH_MEDIA=0 skips it.
const media = await measureMedia({ rounds: ROUNDS, connections: CONNECTIONS }, progress);
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(
  OUT,
  `${JSON.stringify({ settings: { DURATION, ROUNDS, CONNECTIONS, CPU_ITERATIONS }, results, searchOnly, photos, media }, null, 2)}\n`,
);
console.log(table(results));
console.log(`\n${searchTable([...results.map((r) => r.search), ...searchOnly], results)}`);
if (photos) console.log(`\n${photoTable(photos)}`);
if (media) console.log(`\n${mediaTables(media)}`);
console.log(`\n(written to ${OUT.startsWith(ROOT) ? OUT.slice(ROOT.length + 1) : OUT})`);
