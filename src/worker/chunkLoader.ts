// Reads story chunks from Workers Static Assets through the ASSETS binding (never served raw).

import type { Content, Story } from "../core/types";
import { ContentUnavailable } from "./contentUnavailable";

/** A loader of the chunk files the build writes to `dist/assets/_chunks/<n>.json`. */
export function chunkLoader(assets: Fetcher): Content["loadChunk"] {
  return async (chunk) => {
    const where = `story chunk ${chunk}`;
    let res: Response;
    try {
      res = await assets.fetch(`https://assets.invalid/_chunks/${chunk}.json`);
    } catch (error) {
      throw new ContentUnavailable(`${where}: the assets fetch failed (${messageOf(error)})`);
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new ContentUnavailable(`${where} is missing from the assets (HTTP ${res.status})`);
    }
    let text: string;
    let stories: Story[];
    try {
      text = await res.text();
      stories = JSON.parse(text) as Story[];
    } catch (error) {
      throw new ContentUnavailable(`${where} cannot be read (${messageOf(error)})`);
    }
    if (!Array.isArray(stories)) throw new ContentUnavailable(`${where} is not a list of stories`);
    // UTF-16 length: close to the bytes its strings take in the isolate.
    return { stories, bytes: text.length * 2 };
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A loader of the search index files the build writes to `dist/assets/_search/`. */
export function assetLoader(assets: Fetcher): (path: string) => Promise<Uint8Array> {
  return async (path) => {
    let res: Response;
    try {
      res = await assets.fetch(`https://assets.invalid${path}`);
    } catch (error) {
      throw new ContentUnavailable(`search file ${path}: the assets fetch failed (${messageOf(error)})`);
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new ContentUnavailable(`search file ${path} is missing from the assets (HTTP ${res.status})`);
    }
    return new Uint8Array(await res.arrayBuffer());
  };
}
