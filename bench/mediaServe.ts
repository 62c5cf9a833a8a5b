// Serving photos in workerd, for the media part of `npm run bench`: our Worker reading R2 (cold and
// warm) next to the same bytes as a plain static asset, a range of a large object, and workerd's
// memory over many distinct photos.

import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import autocannon from "autocannon";
import { Miniflare, type WorkerOptions } from "miniflare";
import { generateCorpus } from "../scripts/generateCorpus";
import { readMediaManifest, uploadMedia, type Bucket } from "../src/build/mediaSync";
import { photo } from "./photos";
import { buildSite, prepareSite, rawGet } from "./site";

/** How the serving part runs. */
export interface ServeSettings {
  /** Alternating rounds (ours cold, static, ours warm). */
  rounds: number;
  /** Requests per run of each side in a round. */
  requests: number;
  connections: number;
  /** Distinct photos requested in the memory check (RSS after 1,000 and after all). */
  memoryRequests: number;
}

/** One load run. */
interface Run {
  rps: number;
  p50: number;
  p99: number;
  failed: number;
  cpuUs: number;
}

export interface ServeFigures {
  settings: ServeSettings;
  photo: { key: string; bytes: number };
  /** Medians over the rounds; ratios are the median of each round's ratio. */
  oursCold: Run;
  oursWarm: Run;
  static: Run;
  coldRatio: number;
  warmRatio: number;
  cpuColdRatio: number;
  cpuWarmRatio: number;
  /** What `cpuUs` measures. */
  cpuNote: string;
  range: {
    objectBytes: number;
    header: string;
    expectedBytes: number;
    coldMs: number;
    warmMs: number;
    coldBytes: number;
    warmBytes: number;
    bytesRight: boolean;
  };
  memory: { objectBytes: number; runs: MemoryRun[] };
}

/** workerd's resident memory after so many distinct photo requests. */
interface MemoryRun {
  worker: string;
  rssMiB: { requests: number; rssMiB: number }[];
}

/**
 * Workers that read the same photos with less of our code, to tell what of
 * workerd's memory is Miniflare's emulation of R2 and the cache: one reads the
 * object and sends it; one also puts a copy in the Cache API, as ours does.
 */
const CONTROLS: Record<string, string> = {
  "control: R2 read only": `export default {
  async fetch(request, env) {
    const object = await env.MEDIA.get(new URL(request.url).pathname.slice("/media/".length));
    if (!object) return new Response(null, { status: 404 });
    return new Response(object.body, { headers: { "Content-Type": "image/jpeg", "Content-Length": String(object.size) } });
  },
};
`,
  "control: R2 read and cache put": `export default {
  async fetch(request, env, ctx) {
    const object = await env.MEDIA.get(new URL(request.url).pathname.slice("/media/".length));
    if (!object) return new Response(null, { status: 404 });
    const bytes = await object.arrayBuffer();
    const headers = { "Content-Type": "image/jpeg", "Cache-Control": "public, max-age=31536000, immutable" };
    ctx.waitUntil(caches.default.put(request.url, new Response(bytes, { headers })));
    return new Response(bytes, { headers });
  },
};
`,
};

/** RSS of a fresh workerd before, after 1,000 and after all `settings.memoryRequests` distinct photos. */
async function memoryOver(
  fresh: { url: URL; pid: number },
  settings: ServeSettings,
): Promise<MemoryRun["rssMiB"]> {
  // One request first: the isolate and, for ours, the app, as any served site has them.
  const first = await rawGet(new URL(`/media/${copyKey(settings.memoryRequests)}`, fresh.url), {});
  if (first.status !== 200) throw new Error(`a fresh Worker answered a photo with ${first.status}`);
  await sleep(500);
  const rss = [{ requests: 0, rssMiB: rssMiB(fresh.pid) }];
  let sent = 0;
  for (const upTo of [Math.min(1000, settings.memoryRequests), settings.memoryRequests]) {
    if (upTo <= sent) continue;
    const from = sent;
    const run = await load(
      fresh.url,
      fresh.pid,
      upTo - from,
      settings.connections,
      (i) => `/media/${copyKey(from + i)}`,
    );
    if (run.failed > 0) throw new Error(`${run.failed} of the distinct photo requests failed`);
    sent = upTo;
    await sleep(1000);
    rss.push({ requests: sent, rssMiB: rssMiB(fresh.pid) });
  }
  return rss;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Keys in the build's form (see MEDIA_NAME in routes/media.ts), one per `n`: never a real photo's. */
const copyKey = (n: number): string => `${n.toString(16).padStart(16, "0")}-960.jpg`;
/** The large objects of the range check. */
const rangeKey = (n: number): string => `${(0xfff000 + n).toString(16).padStart(16, "0")}-range.bin`;
const RANGE_OBJECT_BYTES = 20 * 2 ** 20;
const RANGE = { start: 10_485_760, end: 10_551_295 };
const RANGE_OBJECTS = 3;
const RANGE_REPEATS = 5;

/** The workerd processes this one started. */
function workerdChildren(): Set<number> {
  const pids = new Set<number>();
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      if (/^Name:\s+workerd$/m.test(status) && Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) === process.pid)
        pids.add(Number(pid));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** Resident memory of `pid`, MiB. */
function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1]) / 1024;
}

const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

/** CPU time (user and system, all threads) of `pid` so far, microseconds (proc(5): utime, stime). */
function cpuUs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
}

/** A workerd of its own for `options` (direct socket), its R2 kept in `r2Persist`, and its process id. */
async function start(options: WorkerOptions, r2Persist: string) {
  const before = workerdChildren();
  const scriptPath = (options as { scriptPath: string }).scriptPath;
  const mf = new Miniflare({
    r2Persist,
    workers: [
      { ...options, modulesRoot: dirname(scriptPath), unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }] },
    ],
  } as ConstructorParameters<typeof Miniflare>[0]);
  await mf.ready;
  const pids = [...workerdChildren()].filter((pid) => !before.has(pid));
  if (pids.length !== 1) throw new Error(`expected one new workerd process, found ${pids.length}`);
  return { mf, url: await mf.unsafeGetDirectURL(options.name), pid: pids[0]! };
}

/** `count` GETs of `path(i)` (i = 0, 1, … in the order sent), with the workerd's CPU over them. */
async function load(url: URL, pid: number, count: number, connections: number, path: (i: number) => string) {
  let next = 0;
  const cpuBefore = cpuUs(pid);
  const started = performance.now();
  const result = await autocannon({
    url: url.href,
    connections,
    amount: count,
    requests: [{ method: "GET", setupRequest: (req: object) => ({ ...req, path: path(next++) }) }],
  } as never);
  const seconds = (performance.now() - started) / 1000;
  // Work the Worker left to waitUntil (the cache put) is part of a request's cost.
  await sleep(300);
  const cpu = cpuUs(pid) - cpuBefore;
  if (next < count) throw new Error(`autocannon sent ${next} requests of ${count}`);
  return {
    // Requests over the run's wall time: autocannon's average is of whole seconds, too coarse for a short run.
    rps: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.errors + result.timeouts + result.non2xx,
    cpuUs: cpu / result.requests.total,
  };
}

/**
 * A Worker that copies the object `?from=` to `?count=` keys of copyKey's
 * form, or stores the request's body under `?key=`, inside workerd: each put
 * from Node through Miniflare's proxy would cost a round trip of its own.
 */
const LOADER = `export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.searchParams.has("key")) {
      await env.MEDIA.put(url.searchParams.get("key"), await request.arrayBuffer(), {
        httpMetadata: { contentType: "application/octet-stream" },
      });
      return new Response("stored");
    }
    const bytes = await (await env.MEDIA.get(url.searchParams.get("from"))).arrayBuffer();
    const count = Number(url.searchParams.get("count"));
    let next = 0;
    const copy = async () => {
      while (next < count) {
        const key = (next++).toString(16).padStart(16, "0") + "-960.jpg";
        await env.MEDIA.put(key, bytes, { httpMetadata: { contentType: "image/jpeg" } });
      }
    };
    await Promise.all(Array.from({ length: 16 }, copy));
    return new Response("copied");
  },
};
`;

/**
 * Loads the R2 kept in `r2Persist` (bucket `bucketId`) in a workerd of its own:
 * the build's media as uploadMedia sends them, `copies` copies of the photo
 * `photoKey` (copyKey(0), …), and the large objects of the range check.
 */
async function loadBucket(
  r2Persist: string,
  bucketId: string,
  media: string,
  photoKey: string,
  copies: number,
  big: Uint8Array[],
): Promise<void> {
  const mf = new Miniflare({ r2Persist, modules: true, script: LOADER, r2Buckets: { MEDIA: bucketId } });
  try {
    await uploadMedia((await mf.getR2Bucket("MEDIA")) as unknown as Bucket, media);
    const copied = await mf.dispatchFetch(`http://loader/?from=${photoKey}&count=${copies}`);
    if ((await copied.text()) !== "copied") throw new Error("the loader did not copy the photo");
    for (const [n, object] of big.entries()) {
      const stored = await mf.dispatchFetch(`http://loader/?key=${rangeKey(n)}`, {
        method: "PUT",
        body: object,
      });
      if ((await stored.text()) !== "stored") throw new Error("the loader did not store a large object");
    }
  } finally {
    await mf.dispose();
  }
}

/** A photo story's site, built and bundled in `dir`, with the JPEG variant nearest 100 KB picked. */
async function photoSite(dir: string) {
  const seeds = join(dir, "seeds");
  generateCorpus(seeds, 10);
  mkdirSync(join(seeds, "media"), { recursive: true });
  writeFileSync(join(seeds, "media", "lead.jpg"), await photo(0));
  const first = join(
    seeds,
    readdirSync(seeds)
      .filter((name) => name.endsWith(".txt"))
      .sort()[0]!,
  );
  writeFileSync(
    first,
    readFileSync(first, "utf8").replace(
      /^---\n/,
      "---\nimage: { src: media/lead.jpg, alt: The bench photo }\n",
    ),
  );
  const site = prepareSite(dir);
  // The encoder's cache in the throw-away folder, not the project's.
  const saved = process.env.MEDIA_CACHE_DIR;
  process.env.MEDIA_CACHE_DIR = join(dir, "cache");
  try {
    const built = buildSite(site, seeds);
    const media = join(site, "dist/media");
    const jpeg = readMediaManifest(media)
      .filter((object) => object.type === "image/jpeg")
      .sort((a, b) => Math.abs(a.bytes - 100_000) - Math.abs(b.bytes - 100_000))[0]!;
    return { site, media, ...built, jpeg };
  } finally {
    if (saved === undefined) delete process.env.MEDIA_CACHE_DIR;
    else process.env.MEDIA_CACHE_DIR = saved;
  }
}

/** Items 3 to 5 of the media bench, in `work`. */
export async function measureServing(
  work: string,
  settings: ServeSettings,
  progress: (message: string) => void,
): Promise<ServeFigures> {
  const dir = join(work, "serve");
  const r2 = join(dir, "r2");
  progress("media: serving: building a site with one photo");
  const { site, media, options, workerOptions, jpeg } = await photoSite(dir);
  const bytes = new Uint8Array(readFileSync(join(media, jpeg.key)));
  // The static side: the same file among the assets, served before any Worker runs (as photos were
  // before they moved to R2: run_worker_first off for /media/*), a Worker that is never reached.
  const assets = join(site, "dist/assets");
  mkdirSync(join(assets, "media"), { recursive: true });
  copyFileSync(join(media, jpeg.key), join(assets, "media", jpeg.key));
  const staticScript = join(dir, "static.mjs");
  writeFileSync(
    staticScript,
    'export default { fetch() { return new Response("not an asset", { status: 500 }); } };\n',
  );
  const assetOptions = (workerOptions as { assets: { routerConfig: object } }).assets;
  const staticOptions = {
    ...workerOptions,
    name: "static",
    modules: true,
    scriptPath: staticScript,
    assets: {
      ...assetOptions,
      routerConfig: { ...assetOptions.routerConfig, invoke_user_worker_ahead_of_assets: false },
    },
  } as WorkerOptions;

  // One more than the memory check requests: the first request of each fresh workerd.
  const copies = Math.max(settings.rounds * settings.requests, settings.memoryRequests + 1);
  progress(`media: serving: loading the bucket (the build's media, ${copies} copies of the photo)`);
  const big = Array.from({ length: RANGE_OBJECTS }, () => new Uint8Array(randomBytes(RANGE_OBJECT_BYTES)));
  const bucketId = (workerOptions as { r2Buckets: { MEDIA: { id: string } } }).r2Buckets.MEDIA.id;
  await loadBucket(r2, bucketId, media, jpeg.key, copies, big);
  const ours = await start(options, r2);
  const stat = await start(staticOptions, r2);
  try {
    // Both sides send the photo's bytes, and nothing else.
    const warmPath = `/media/${jpeg.key}`;
    for (const [name, url] of [
      ["ours", ours.url],
      ["static", stat.url],
    ] as const) {
      const answer = await rawGet(new URL(warmPath, url), {});
      if (answer.status !== 200 || !Buffer.from(answer.body).equals(bytes))
        throw new Error(`${name} did not answer ${warmPath} with the photo (status ${answer.status})`);
    }
    // Warm-up: JIT, connections, and the Cache API's copy of the warm photo.
    await load(ours.url, ours.pid, 200, settings.connections, () => warmPath);
    await load(stat.url, stat.pid, 200, settings.connections, () => warmPath);

    const cold: Run[] = [];
    const warm: Run[] = [];
    const plain: Run[] = [];
    for (let round = 0; round < settings.rounds; round++) {
      progress(`media: serving: round ${round + 1} of ${settings.rounds}`);
      const first = round * settings.requests;
      // Cold: a key never requested before, so not in the Cache API: a read of R2 and a cache put.
      cold.push(
        await load(
          ours.url,
          ours.pid,
          settings.requests,
          settings.connections,
          (i) => `/media/${copyKey(first + i)}`,
        ),
      );
      plain.push(await load(stat.url, stat.pid, settings.requests, settings.connections, () => warmPath));
      warm.push(await load(ours.url, ours.pid, settings.requests, settings.connections, () => warmPath));
    }
    const summary = (runs: Run[]): Run => ({
      rps: median(runs.map((r) => r.rps)),
      p50: median(runs.map((r) => r.p50)),
      p99: median(runs.map((r) => r.p99)),
      failed: runs.reduce((sum, r) => sum + r.failed, 0),
      cpuUs: median(runs.map((r) => r.cpuUs)),
    });
    const ratio = (a: Run[], key: "rps" | "cpuUs") => median(a.map((r, i) => r[key] / plain[i]![key]));

    progress("media: serving: a range of a large object, cold then warm");
    const header = `bytes=${RANGE.start}-${RANGE.end}`;
    const expected = RANGE.end - RANGE.start + 1;
    const ranged = async (n: number) => {
      const t = performance.now();
      const answer = await rawGet(new URL(`/media/${rangeKey(n)}`, ours.url), { Range: header });
      const ms = performance.now() - t;
      const right =
        answer.status === 206 &&
        Buffer.from(answer.body).equals(big[n]!.subarray(RANGE.start, RANGE.end + 1)) &&
        answer.headers.some(
          ([name, value]) =>
            name === "content-range" && value === `bytes ${RANGE.start}-${RANGE.end}/${RANGE_OBJECT_BYTES}`,
        );
      return { ms, bytes: answer.body.byteLength, right };
    };
    const coldRanges = [];
    for (let n = 0; n < RANGE_OBJECTS; n++) coldRanges.push(await ranged(n));
    // The whole object goes into the cache in the background (waitUntil) after the first answer.
    await sleep(3000);
    const warmRanges = [];
    for (let n = 0; n < RANGE_OBJECTS; n++)
      for (let i = 0; i < RANGE_REPEATS; i++) warmRanges.push(await ranged(n));
    const range = {
      objectBytes: RANGE_OBJECT_BYTES,
      header,
      expectedBytes: expected,
      coldMs: median(coldRanges.map((r) => r.ms)),
      warmMs: median(warmRanges.map((r) => r.ms)),
      coldBytes: median(coldRanges.map((r) => r.bytes)),
      warmBytes: median(warmRanges.map((r) => r.bytes)),
      bytesRight: [...coldRanges, ...warmRanges].every((r) => r.right && r.bytes === expected),
    };

    await ours.mf.dispose();
    await stat.mf.dispose();

    progress(`media: serving: workerd's memory over ${settings.memoryRequests} distinct photos`);
    // Ours, then the controls, each in a new workerd with the same R2 (kept in `r2`) and an empty
    // cache: every key is cold again.
    const memory: MemoryRun[] = [];
    for (const [name, script] of [["ours", null], ...Object.entries(CONTROLS)] as const) {
      const scriptPath = script === null ? null : join(dir, `control-${memory.length}.mjs`);
      if (scriptPath) writeFileSync(scriptPath, script!);
      const fresh = await start(
        scriptPath ? ({ ...options, name: "control", scriptPath } as WorkerOptions) : options,
        r2,
      );
      try {
        memory.push({ worker: name, rssMiB: await memoryOver(fresh, settings) });
      } finally {
        await fresh.mf.dispose();
      }
    }
    return {
      settings,
      photo: { key: jpeg.key, bytes: bytes.byteLength },
      oursCold: summary(cold),
      oursWarm: summary(warm),
      static: summary(plain),
      coldRatio: ratio(cold, "rps"),
      warmRatio: ratio(warm, "rps"),
      cpuColdRatio: ratio(cold, "cpuUs"),
      cpuWarmRatio: ratio(warm, "cpuUs"),
      cpuNote:
        "CPU of the whole workerd process per request (/proc/<pid>/stat utime+stime over the run, waitUntil work included): the Worker together with Miniflare's R2 and cache emulation and the asset server, all of which run in that process; the Worker's own CPU (what Cloudflare bills) cannot be told apart from them here, and a static asset runs no Worker at all",
      range,
      memory: { objectBytes: bytes.byteLength, runs: memory },
    };
  } finally {
    // Disposing twice is harmless; a failure above may have left either running.
    await ours.mf.dispose().catch(() => {});
    await stat.mf.dispose().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

const f = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");

/** Items 3 to 5 as Markdown. */
export function serveTables(s: ServeFigures): string {
  const row = (name: string, r: Run, ratio: string, cpuRatio: string) =>
    `| ${name} | ${f(r.rps)} | ${ratio} | ${f(r.p50)}/${f(r.p99)} | ${r.failed} | ${f(r.cpuUs)} | ${cpuRatio} |`;
  return [
    `A ${f(s.photo.bytes / 1024, 1)} KiB JPEG variant (${s.photo.key}) in workerd, ${s.settings.rounds} alternating rounds of ${s.settings.requests} requests a side, ${s.settings.connections} connections. Cold: a distinct key per request, never requested before (not in the Cache API): an R2 read and a cache put. Warm: one key, a Cache API hit. Static: the same file as a static asset, served without running a Worker (run_worker_first off), same Miniflare configuration otherwise.`,
    "",
    "| photo | req/s | ratio to static | p50/p99 ms | failed | workerd CPU µs/req | CPU ratio to static |",
    "|---|---:|---:|---:|---:|---:|---:|",
    row("ours, R2, cold", s.oursCold, f(s.coldRatio, 2), f(s.cpuColdRatio, 2)),
    row("ours, R2, warm (cache hit)", s.oursWarm, f(s.warmRatio, 2), f(s.cpuWarmRatio, 2)),
    row("static asset", s.static, "1.00", "1.00"),
    "",
    `CPU: ${s.cpuNote}.`,
    "",
    `A range of a ${f(s.range.objectBytes / 2 ** 20)} MiB object from our Worker (R2), \`Range: ${s.range.header}\` (${s.range.expectedBytes} bytes expected), median of ${RANGE_OBJECTS} cold (a distinct object each) and ${RANGE_OBJECTS * RANGE_REPEATS} warm requests`,
    "",
    "| request | ms | bytes | bytes right (206, Content-Range, content) |",
    "|---|---:|---:|:---:|",
    `| cold (not in the cache) | ${f(s.range.coldMs, 1)} | ${s.range.coldBytes} | ${s.range.bytesRight ? "yes" : "NO"} |`,
    `| warm (the whole object cached) | ${f(s.range.warmMs, 1)} | ${s.range.warmBytes} | ${s.range.bytesRight ? "yes" : "NO"} |`,
    `| warm / cold | ${f(s.range.warmMs / s.range.coldMs, 2)} | | |`,
    "",
    `workerd's resident memory (VmRSS of the workerd process Miniflare starts; a fresh one each, empty cache, the same R2) over distinct ${f(s.memory.objectBytes / 1024, 1)} KiB photos, each requested once, after one first request; the controls are Workers of a few lines reading the same photos`,
    "",
    `| distinct photo requests | ${s.memory.runs.map((r) => `${r.worker} MiB`).join(" | ")} |`,
    `|---:|${s.memory.runs.map(() => "---:").join("|")}|`,
    ...s.memory.runs[0]!.rssMiB.map(
      (m, i) =>
        `| ${m.requests} | ${s.memory.runs.map((r) => f(r.rssMiB[i]?.rssMiB ?? NaN, 1)).join(" | ")} |`,
    ),
  ].join("\n");
}
