// Writes a build's output: the story chunks as static assets, then the index module the Worker bundles.

import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { indexEntry } from "../core/indexEntry";
import type { Story } from "../core/types";
import { contentModule } from "./contentModule";
import { writeIfChanged } from "./writeIfChanged";

/** Stories per chunk and per RFC 5005 archive page. Changing it reshuffles every archive page. */
export const CHUNK_SIZE = 50;

/** Where the output goes. */
export interface OutputPaths {
  /** The generated TypeScript module (the index). */
  readonly moduleFile: string;
  /** The Workers Static Assets folder; chunks go to `_chunks/` inside it. */
  readonly assetsDir: string;
}

/** What was written: how many files changed. */
export interface WriteSummary {
  readonly written: number;
  readonly removed: number;
}

/**
 * Writes chunk files first and the module last, each atomically and only when
 * changed, so a build that fails midway leaves the previous module in charge.
 * Chunk files no longer needed are removed at the end.
 */
export function writeContent(
  stories: readonly Story[],
  paths: OutputPaths,
  chunkSize = CHUNK_SIZE,
): WriteSummary {
  const chunksDir = join(paths.assetsDir, "_chunks");
  mkdirSync(chunksDir, { recursive: true });
  const oldestFirst = [...stories].reverse();
  const names = new Set<string>();
  let written = 0;
  for (let chunk = 0; chunk * chunkSize < oldestFirst.length; chunk++) {
    const name = `${chunk}.json`;
    names.add(name);
    const json = JSON.stringify(oldestFirst.slice(chunk * chunkSize, (chunk + 1) * chunkSize));
    if (writeIfChanged(join(chunksDir, name), json)) written++;
  }
  if (writeIfChanged(paths.moduleFile, contentModule(stories.map(indexEntry), chunkSize))) written++;
  let removed = 0;
  for (const name of readdirSync(chunksDir)) {
    if (names.has(name)) continue;
    rmSync(join(chunksDir, name));
    removed++;
  }
  return { written, removed };
}
