// `npm run load`: a bounded load test against the Worker in workerd (mixed routes, conditional GETs,
// 404s): counts every status, errors and timeouts, and samples workerd's memory through the run.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { generateCorpus } from "../scripts/generateCorpus";
import type { Directory } from "../src/core/archiveLayout";
import type { StoryIndexEntry } from "../src/core/types";
import { EDGE_HEADERS } from "./routes";
import type { WorkerOptions } from "miniflare";
import { buildSite, prepareSite, rawGet, ROOT, run, siteOptions, startWorker } from "./site";

const STORIES = Number(process.env.LOAD_STORIES ?? 1000);
const DURATION = Number(process.env.LOAD_DURATION ?? 30);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 100);
const HEAP_REQUESTS = Number(process.env.LOAD_HEAP_REQUESTS ?? 30000);
const progress = (message: string): void => void process.stderr.write(`[load] ${message}\n`);

/** Resident memory (KiB) of every workerd process started by this one. */
function workerdRssKiB(): number {
  let total = 0;
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      if (!/^Name:\s+workerd$/m.test(status)) continue;
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      if (ppid !== process.pid) continue;
      total += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    } catch {
      // the process ended while we looked
    }
  }
  return total;
}

const work = mkdtempSync(join(tmpdir(), "load-"));
try {
  // LOAD_SITE: a site the bench kept (BENCH_KEEP=1), already built and bundled.
  const kept = process.env.LOAD_SITE;
  let site: string;
  let options: WorkerOptions;
  const env = { WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
  if (kept) {
    site = kept;
    ({ options } = siteOptions(site));
  } else {
    progress(`building ${STORIES} stories`);
    const seeds = join(work, "seeds");
    generateCorpus(seeds, STORIES, 1, { short: STORIES >= 1_000_000 });
    site = prepareSite(work);
    ({ options } = buildSite(site, seeds));
  }
  const worker = await startWorker(options);
  // Stories, pages and topics from the whole archive: 40 permalinks from index files spread over it.
  const assets = join(site, "dist/assets");
  const directory = JSON.parse(readFileSync(join(assets, "_index/directory.json"), "utf8")) as Directory;
  const segments = directory.segments.length;
  const spread = (count: number, total: number) => [
    ...new Set(Array.from({ length: count }, (_, i) => Math.floor((i * total) / count))),
  ];
  const chunk = spread(40, segments).map((segment) => {
    const entries = JSON.parse(
      readFileSync(join(assets, `_index/${segment}.json`), "utf8"),
    ) as StoryIndexEntry[];
    return entries[entries.length >> 1]!;
  });
  const permalinks = chunk.map((story) => `/stories/${story.id}/${story.slug}`);
  const homePages = Math.ceil(directory.total / 20);
  const archivePages = Math.floor(directory.total / 50);
  const deep = [
    ...spread(10, homePages).map((n) => (n === 0 ? "/" : `/page/${n + 1}`)),
    ...spread(10, archivePages).map((n) => `/archive/${n + 1}/feed.xml`),
    ...spread(5, segments).map((n) => `/sitemaps/${n + 1}.xml`),
    ...directory.topics
      .slice(0, 10)
      .flatMap((topic) => [
        `/tags/${topic.slug}`,
        `/tags/${topic.slug}/page/${Math.max(2, Math.ceil(topic.stories / 100))}`,
        `/tags/${topic.slug}/feed.json`,
      ]),
  ];

  // Validators of the real feeds, so conditional GETs revalidate as feed readers do.
  const feedEtag = async (path: string) =>
    (await rawGet(new URL(path, worker.url), EDGE_HEADERS)).headers.find(([name]) => name === "etag")?.[1] ??
    "";
  const rssEtag = await feedEtag("/feed.xml");
  const jsonEtag = await feedEtag("/feed.json");
  const requests = [
    { path: "/feed.xml", headers: { ...EDGE_HEADERS, "If-None-Match": rssEtag } },
    { path: "/feed.json", headers: { ...EDGE_HEADERS, "If-None-Match": jsonEtag } },
    { path: "/atom.xml", headers: { ...EDGE_HEADERS, "If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT" } },
    { path: "/", headers: EDGE_HEADERS },
    ...permalinks.map((path) => ({ path, headers: EDGE_HEADERS })),
    ...deep.map((path) => ({ path, headers: EDGE_HEADERS })),
    { path: "/stories/unknown/x", headers: EDGE_HEADERS },
    { path: "/wp-login.php", headers: EDGE_HEADERS },
    { path: "/feed.xml", headers: { "Accept-Encoding": "identity" } },
    { path: `/stories/${chunk[0]!.id}/old-slug`, headers: EDGE_HEADERS },
  ].map((r) => ({ method: "GET" as const, ...r }));

  const statuses = new Map<number, number>();
  const memory: { second: number; rssMiB: number }[] = [];
  const sample = (second: number) => memory.push({ second, rssMiB: Math.round(workerdRssKiB() / 1024) });
  progress(`warming up, then ${DURATION} s at ${CONNECTIONS} connections`);
  await autocannon({ url: worker.url.href, connections: 10, duration: 3, requests } as never);
  sample(0);
  const started = Date.now();
  const timer = setInterval(() => sample(Math.round((Date.now() - started) / 1000)), 1000);
  const instance = autocannon({
    url: worker.url.href,
    connections: CONNECTIONS,
    duration: DURATION,
    requests,
  } as never);
  (instance as unknown as { on: (event: string, listener: (...args: unknown[]) => void) => void }).on(
    "response",
    (_client, status) => statuses.set(status as number, (statuses.get(status as number) ?? 0) + 1),
  );
  const result = await instance;
  clearInterval(timer);
  sample(DURATION);
  await worker.mf.dispose();

  // The same load on a Worker that returns constant bytes, in the same configuration: workerd's
  // own memory growth under load, to read ours against.
  const constantScript = join(work, "constant.mjs");
  writeFileSync(
    constantScript,
    "const B = new Uint8Array(4096);\nexport default { fetch() { return new Response(B); } };\n",
  );
  const constant = await startWorker({
    ...options,
    name: "constant",
    scriptPath: constantScript,
  } as WorkerOptions);
  const constantMemory = [workerdRssKiB()];
  const constantLoad = autocannon({
    url: constant.url.href,
    connections: CONNECTIONS,
    duration: DURATION / 2,
    requests,
  } as never);
  await constantLoad;
  constantMemory.push(workerdRssKiB());
  await autocannon({
    url: constant.url.href,
    connections: CONNECTIONS,
    duration: DURATION / 2,
    requests,
  } as never);
  constantMemory.push(workerdRssKiB());
  await constant.mf.dispose();

  progress("in-process heap check");
  const heap = JSON.parse(
    run(
      process.execPath,
      ["--expose-gc", "--import", "tsx", join(ROOT, "bench/heap.ts"), site, String(HEAP_REQUESTS)],
      site,
      env,
    )
      .output.trim()
      .split("\n")
      .at(-1)!,
  );

  const unexpected = [...statuses].filter(([status]) => !(status < 400 || status === 404));
  const firstHalf = memory.filter((m) => m.second <= DURATION / 2).map((m) => m.rssMiB);
  const secondHalf = memory.filter((m) => m.second > DURATION / 2).map((m) => m.rssMiB);
  const report = {
    stories: directory.total,
    durationSeconds: DURATION,
    connections: CONNECTIONS,
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
    errors: result.errors,
    timeouts: result.timeouts,
    statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)),
    unexpectedStatuses: Object.fromEntries(unexpected),
    workerdRssMiB: {
      afterWarmUp: memory[0]!.rssMiB,
      peakFirstHalf: Math.max(...firstHalf),
      peakSecondHalf: Math.max(...secondHalf),
      atEnd: memory.at(-1)!.rssMiB,
      constantWorkerSameLoad: constantMemory.map((kib) => Math.round(kib / 1024)),
    },
    inProcessHeap: heap,
  };
  console.log(JSON.stringify(report, null, 2));
  // A leak in our code shows as heap that keeps growing once every cache is full.
  const heapGrowth = heap.heapMiB.afterSecond - heap.heapMiB.afterFirst;
  const ok = report.errors === 0 && report.timeouts === 0 && unexpected.length === 0 && heapGrowth < 5;
  console.log(
    ok
      ? `load: no errors, no unexpected statuses, heap growth ${heapGrowth.toFixed(1)} MiB after the caches filled`
      : "load: FAILED (see above)",
  );
  process.exitCode = ok ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
