// `npm run load`: a bounded load test against the Worker in workerd (mixed routes, conditional GETs,
// 404s): counts every status, errors and timeouts, and samples workerd's memory through the run.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { generateCorpus } from "../scripts/generateCorpus";
import { EDGE_HEADERS } from "./routes";
import { buildSite, prepareSite, rawGet, startWorker } from "./site";

const STORIES = Number(process.env.LOAD_STORIES ?? 1000);
const DURATION = Number(process.env.LOAD_DURATION ?? 30);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 100);
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
  progress(`building ${STORIES} stories`);
  const seeds = join(work, "seeds");
  generateCorpus(seeds, STORIES);
  const site = prepareSite(work);
  const { options } = buildSite(site, seeds);
  const worker = await startWorker(options);
  const chunk = JSON.parse(readFileSync(join(site, "dist/assets/_chunks/0.json"), "utf8")) as {
    id: string;
    slug: string;
  }[];
  const permalinks = chunk.slice(0, 20).map((story) => `/stories/${story.id}/${story.slug}`);

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
    { path: "/archive/3/feed.xml", headers: EDGE_HEADERS },
    { path: "/page/7", headers: EDGE_HEADERS },
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

  const unexpected = [...statuses].filter(([status]) => !(status < 400 || status === 404));
  const firstHalf = memory.filter((m) => m.second <= DURATION / 2).map((m) => m.rssMiB);
  const secondHalf = memory.filter((m) => m.second > DURATION / 2).map((m) => m.rssMiB);
  const report = {
    stories: STORIES,
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
    },
  };
  console.log(JSON.stringify(report, null, 2));
  const ok = report.errors === 0 && report.timeouts === 0 && unexpected.length === 0;
  console.log(ok ? "load: no errors, no unexpected statuses" : "load: FAILED (see above)");
  process.exitCode = ok ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
