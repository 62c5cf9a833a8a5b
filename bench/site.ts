// Shared by the benchmark and the load test: a throw-away built copy of the project, run in workerd.

import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { dirname, join, resolve } from "node:path";
import { Miniflare, type WorkerOptions } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import type { CapturedResponse } from "./baselineWorker";

export const ROOT = resolve(import.meta.dirname, "..");

/** A throw-away copy of the project (sources, config, node_modules linked) building `seedsDir`. */
export function prepareSite(work: string): string {
  const site = join(work, "site");
  mkdirSync(site, { recursive: true });
  cpSync(join(ROOT, "src"), join(site, "src"), {
    recursive: true,
    filter: (path) => !path.includes(`${join("src", "generated")}`),
  });
  for (const file of ["wrangler.toml", "package.json", "tsconfig.json"])
    cpSync(join(ROOT, file), join(site, file));
  symlinkSync(join(ROOT, "node_modules"), join(site, "node_modules"));
  return site;
}

/** Runs a command to completion, failing loudly; returns its wall time and output. */
export function run(command: string, args: string[], cwd: string, env: Record<string, string>) {
  const started = performance.now();
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  const ms = performance.now() - started;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr}${result.stdout}`);
  return { ms, output: `${result.stdout}${result.stderr}` };
}

/** Starts `options` in workerd with a direct socket (no Miniflare entry worker in front). */
export async function startWorker(
  options: WorkerOptions,
): Promise<{ mf: Miniflare; url: URL; readyMs: number }> {
  const started = performance.now();
  const scriptPath = (options as { scriptPath: string }).scriptPath;
  const mf = new Miniflare({
    workers: [
      { ...options, modulesRoot: dirname(scriptPath), unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }] },
    ],
  } as ConstructorParameters<typeof Miniflare>[0]);
  await mf.ready;
  const readyMs = performance.now() - started;
  return { mf, url: await mf.unsafeGetDirectURL(options.name), readyMs };
}

/** A GET whose body is kept exactly as sent (fetch() would decode gzip), for the baseline to replay. */
export function rawGet(url: URL, headers: Record<string, string>): Promise<CapturedResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const pairs: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2)
          pairs.push([res.rawHeaders[i]!.toLowerCase(), res.rawHeaders[i + 1]!]);
        resolve({ status: res.statusCode ?? 0, headers: pairs, body: new Uint8Array(Buffer.concat(chunks)) });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

/** Builds the copy in `site` from `seedsDir` and bundles it with `wrangler deploy --dry-run`. */
export function buildSite(site: string, seedsDir: string) {
  const env = {
    SEEDS_DIR: seedsDir,
    BUILD_STATS: "1",
    WRANGLER_SEND_METRICS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
  };
  // As `npm run build` runs it.
  const build = run("npm", ["run", "--silent", "build"], site, env);
  // Built just now: the dry run need not run the [build] command again (at a million stories
  // that is minutes of reading seeds that have not changed).
  const config = join(site, "wrangler.toml");
  writeFileSync(config, readFileSync(config, "utf8").replace(/^\[build\]\n(?:[^[\n].*\n|\n)*/m, ""));
  const dry = run(
    join(site, "node_modules/.bin/wrangler"),
    ["deploy", "--dry-run", "--outdir", "dist/bundle"],
    site,
    env,
  );
  return { env, build, dry, ...siteOptions(site) };
}

/** Miniflare options serving the site built and bundled in `site`. */
export function siteOptions(site: string) {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(join(site, "wrangler.toml"));
  const bundle = join(site, "dist/bundle/index.js");
  const options = { ...workerOptions, name: "site", modules: true, scriptPath: bundle } as WorkerOptions;
  return { bundle, workerOptions, options };
}
