// The build workers' code (buildWorker.ts and all it imports) as one CommonJS script, bundled by
// esbuild and kept between builds in a cache checked against its inputs' bytes.

import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The project's root. */
const ROOT = resolve(import.meta.dirname, "../..");

/** A bundle and what it was made from: each input file's SHA-256, Node's version (the target) and esbuild's. */
interface Bundle {
  readonly node: string;
  readonly esbuild: string;
  readonly inputs: Record<string, string>;
  readonly script: string;
}

/**
 * The workers' script. A worker thread does not inherit the build's
 * TypeScript loader (tsx) in Node 20: each worker registering it and loading
 * some 200 modules through it took 1-2 s, the workers idle, the loader's own
 * threads busy on both cores. Bundling takes esbuild 0.35-0.46 s (in its own
 * process, while the main thread lists the seeds, but the workers start only
 * once it is done), so the bundle is kept in node_modules/.cache and used
 * again while every input file holds the same bytes (a cache hit: 80 ms,
 * most of it hashing some 370 files).
 */
export function workerScript(): Promise<string> {
  script ??= bundledScript(
    ROOT,
    "src/build/buildWorker.ts",
    resolve(ROOT, "node_modules/.cache/edge-news-feed/build-worker.json"),
  );
  return script;
}
let script: Promise<string> | undefined;

/**
 * `entry` (a path relative to `root`) and all it imports, as one CommonJS
 * script: from `cacheFile` if it holds the bundle of the files as they are
 * now, else bundled by esbuild (with `root` its working folder, which the
 * cache's input paths are relative to) and cached there.
 */
export async function bundledScript(root: string, entry: string, cacheFile: string): Promise<string> {
  const esbuild = await import("esbuild");
  return cached(root, cacheFile, esbuild.version) ?? bundle(root, entry, cacheFile, esbuild);
}

/** The script in `cacheFile`, if this Node and esbuild `version` made it from the files as they are now. */
function cached(root: string, cacheFile: string, version: string): string | null {
  let bundle: Bundle;
  try {
    bundle = JSON.parse(readFileSync(cacheFile, "utf8")) as Bundle;
  } catch {
    return null;
  }
  if (bundle.node !== process.versions.node || bundle.esbuild !== version) return null;
  if (typeof bundle.script !== "string" || typeof bundle.inputs !== "object") return null;
  for (const [path, digest] of Object.entries(bundle.inputs)) {
    if (fileDigest(root, path) !== digest) return null;
  }
  return bundle.script;
}

/** Bundles the script with esbuild, and caches it (a cache that cannot be written is done without). */
async function bundle(
  root: string,
  entry: string,
  cacheFile: string,
  { build, version }: typeof import("esbuild"),
): Promise<string> {
  const result = await build({
    entryPoints: [join(root, entry)],
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: `node${process.versions.node}`,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const script = result.outputFiles[0]!.text;
  const inputs: Record<string, string> = {};
  for (const path of Object.keys(result.metafile.inputs)) {
    const digest = fileDigest(root, path);
    if (digest === null) return script; // an input gone already: nothing to check a cache against
    inputs[path] = digest;
  }
  // Written whole, then renamed into place: builds running at once (tests) never read half a file.
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    const temp = `${cacheFile}.${process.pid}.tmp`;
    const cache: Bundle = { node: process.versions.node, esbuild: version, inputs, script };
    writeFileSync(temp, JSON.stringify(cache));
    renameSync(temp, cacheFile);
  } catch {
    // a read-only node_modules: the next build bundles again
  }
  return script;
}

/** The SHA-256 of the file at `path` (relative to `root`), or null if it cannot be read. */
function fileDigest(root: string, path: string): string | null {
  try {
    return createHash("sha256")
      .update(readFileSync(resolve(root, path)))
      .digest("hex");
  } catch {
    return null;
  }
}
