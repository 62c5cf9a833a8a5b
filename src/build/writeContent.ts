// Writes a build's output: the story chunks as static assets and the index module the Worker bundles.

import { readdirSync } from "node:fs";
import { join } from "node:path";
import { indexEntry } from "../core/indexEntry";
import type { Story } from "../core/types";
import { contentModule } from "./contentModule";
import { writeAll, type WriteSummary } from "./writeAll";

/** Stories per chunk and per RFC 5005 archive page. Changing it reshuffles every archive page. */
export const CHUNK_SIZE = 50;

/** Where the output goes. */
export interface OutputPaths {
  /** The generated TypeScript module (the index). */
  readonly moduleFile: string;
  /** The Workers Static Assets folder; chunks go to `_chunks/` inside it. */
  readonly assetsDir: string;
}

/**
 * Writes the chunk files, the module and `also` (path -> text, e.g. the build
 * manifest) all or nothing, each only when changed, and removes chunk files no
 * longer needed: a build that fails leaves every previous file as it was.
 */
export function writeContent(
  stories: readonly Story[],
  paths: OutputPaths,
  chunkSize = CHUNK_SIZE,
  also: ReadonlyMap<string, string> = new Map(),
): WriteSummary {
  const chunksDir = join(paths.assetsDir, "_chunks");
  const oldestFirst = [...stories].reverse();
  const files = new Map<string, string>();
  for (let chunk = 0; chunk * chunkSize < oldestFirst.length; chunk++) {
    const json = JSON.stringify(oldestFirst.slice(chunk * chunkSize, (chunk + 1) * chunkSize));
    files.set(join(chunksDir, `${chunk}.json`), json);
  }
  files.set(paths.moduleFile, contentModule(stories.map(indexEntry), chunkSize));
  for (const [path, text] of also) files.set(path, text);
  let existing: string[] = [];
  try {
    existing = readdirSync(chunksDir);
  } catch {
    // no chunks yet
  }
  const stale = existing.map((name) => join(chunksDir, name)).filter((path) => !files.has(path));
  return writeAll(files, stale);
}
