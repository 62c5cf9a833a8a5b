// Reads the build's files from Workers Static Assets through the ASSETS binding (never served raw).

import { ContentUnavailable } from "./contentUnavailable";

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A reader of the archive and search files the build writes to `dist/assets/`. */
export function assetLoader(assets: Fetcher): (path: string) => Promise<Uint8Array> {
  return async (path) => {
    let res: Response;
    try {
      res = await assets.fetch(`https://assets.invalid${path}`);
    } catch (error) {
      throw new ContentUnavailable(`archive file ${path}: the assets fetch failed (${messageOf(error)})`);
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new ContentUnavailable(`archive file ${path} is missing from the assets (HTTP ${res.status})`);
    }
    return new Uint8Array(await res.arrayBuffer());
  };
}
