// The build workers' code (buildWorker.ts and all it imports) as one CommonJS script, bundled by
// esbuild and kept between builds in a cache checked against its inputs' bytes.

import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The project's root. */
const ROOT = resolve(import.meta.dirname, "../..");

/**
 * A bundle and what it was made from: the options, Node's version (the
 * target) and esbuild's, and a digest of everything esbuild's result depends
 * on: each input file's bytes and, for every folder from an input's up to the
 * root, the names it holds (a new file can change how an import resolves)
 * and its package.json and tsconfig.json (exports, paths, compiler options).
 */
interface Bundle {
  readonly options: string;
  readonly node: string;
  readonly esbuild: string;
  readonly sources: Record<string, string>;
  readonly script: string;
}

/**
 * The workers' script. A worker thread does not inherit the build's
 * TypeScript loader (tsx) in Node 20: each worker registering it and loading
 * some 200 modules through it took 1-2 s, the workers idle, the loader's own
 * threads busy on both cores. Bundling takes esbuild 0.35-0.46 s (in its own
 * process, while the main thread lists the seeds, but the workers start only
 * once it is done), so the bundle is kept in node_modules/.cache and used
 * again while nothing it was made from has changed (checking: about 0.1 s).
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
 * cache's paths are relative to) and cached there.
 */
export async function bundledScript(root: string, entry: string, cacheFile: string): Promise<string> {
  const esbuild = await import("esbuild");
  const shared = {
    bundle: true,
    platform: "node",
    format: "cjs",
    target: `node${process.versions.node}`,
  } as const;
  // The root is not part of the key: the script holds no path of it (a copy of the project, as
  // the bench makes, may use the cache when all else is the same).
  const key = {
    options: JSON.stringify({ entry, ...shared }),
    node: process.versions.node,
    esbuild: esbuild.version,
  };
  const hit = cached(root, cacheFile, key);
  if (hit !== null) return hit;
  const started = Date.now();
  const result = await esbuild.build({
    ...shared,
    entryPoints: [join(root, entry)],
    absWorkingDir: root,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const script = result.outputFiles[0]!.text;
  const inputs = Object.keys(result.metafile.inputs);
  // A file changed while esbuild ran may hold other bytes than it read: not cached then. (Mtimes
  // have a coarse grain on some file systems: a second's margin.)
  const settled = inputs.every(
    (path) =>
      (statSync(resolve(root, path), { throwIfNoEntry: false })?.mtimeMs ?? Infinity) < started - 1000,
  );
  if (!settled) return script;
  // Written whole, then renamed into place: builds running at once (tests) never read half a file.
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    const temp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(
      temp,
      JSON.stringify({ ...key, sources: sourcesOf(root, inputs), script } satisfies Bundle),
    );
    renameSync(temp, cacheFile);
  } catch {
    // a read-only node_modules: the next build bundles again
  }
  return script;
}

/** The script in `cacheFile`, if made with `key` from sources as they are now (checked until one differs). */
function cached(root: string, cacheFile: string, key: Omit<Bundle, "sources" | "script">): string | null {
  let bundle: Bundle;
  try {
    bundle = JSON.parse(readFileSync(cacheFile, "utf8")) as Bundle;
  } catch {
    return null;
  }
  if (bundle.options !== key.options || bundle.node !== key.node || bundle.esbuild !== key.esbuild)
    return null;
  if (typeof bundle.script !== "string" || typeof bundle.sources !== "object" || bundle.sources === null)
    return null;
  for (const [source, digest] of Object.entries(bundle.sources)) {
    const now = source.startsWith("names:")
      ? namesDigest(root, source.slice("names:".length))
      : fileDigest(root, source.slice("file:".length));
    if (now !== digest) return null;
  }
  return bundle.script;
}

/**
 * What a bundle of `inputs` (paths relative to `root`) depends on, with
 * digests: `file:<path>` for each input; for every folder from an input's up
 * to the root (the root itself only if it holds an input), `names:<folder>`,
 * the names in it, and `file:` its package.json and tsconfig.json ("" when
 * absent).
 */
function sourcesOf(root: string, inputs: readonly string[]): Record<string, string> {
  const sources: Record<string, string> = {};
  const folders = new Set<string>();
  for (const input of inputs) {
    sources[`file:${input}`] = fileDigest(root, input);
    folders.add(dirname(input));
    for (
      let folder = dirname(dirname(input));
      folder !== "." && !folders.has(folder);
      folder = dirname(folder)
    ) {
      folders.add(folder);
      if (folder === dirname(folder)) break;
    }
  }
  for (const folder of folders) sources[`names:${folder}`] = namesDigest(root, folder);
  // `folders` holds every folder above an input but the root: with the root, every folder to check.
  for (const folder of [...folders, "."]) {
    for (const file of ["package.json", "tsconfig.json"])
      sources[`file:${join(folder, file)}`] ??= fileDigest(root, join(folder, file));
  }
  return sources;
}

/** A digest of the names in `folder` (relative to `root`); "" if it cannot be read. */
function namesDigest(root: string, folder: string): string {
  try {
    return createHash("sha256")
      .update(readdirSync(resolve(root, folder)).sort().join("\n"))
      .digest("hex");
  } catch {
    return "";
  }
}

/** The SHA-256 of the file at `path` (relative to `root`); "" if it cannot be read. */
function fileDigest(root: string, path: string): string {
  try {
    return createHash("sha256")
      .update(readFileSync(resolve(root, path)))
      .digest("hex");
  } catch {
    return "";
  }
}
