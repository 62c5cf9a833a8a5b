// The content of a built copy of the site, read from its files as the Worker reads its assets.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Content, Story, StoryIndexEntry } from "../src/core/types";

/** The generated index of `siteDir` and loaders over its `dist/assets`, counting the bytes read. */
export async function builtContent(siteDir: string): Promise<{ content: Content; bytesRead: () => number }> {
  const generated = (await import(pathToFileURL(join(siteDir, "src/generated/content.ts")).href)) as {
    index: StoryIndexEntry[];
    chunkSize: number;
    search: { shards: number; docs: number; large: string[] };
  };
  const assets = join(siteDir, "dist/assets");
  let bytesRead = 0;
  const content: Content = {
    index: generated.index,
    chunkSize: generated.chunkSize,
    loadChunk: async (chunk) => {
      const text = readFileSync(join(assets, "_chunks", `${chunk}.json`), "utf8");
      bytesRead += Buffer.byteLength(text);
      return { stories: JSON.parse(text) as Story[], bytes: text.length * 2 };
    },
    search: {
      ...generated.search,
      load: async (path) => {
        const bytes = new Uint8Array(readFileSync(join(assets, path)));
        bytesRead += bytes.byteLength;
        return bytes;
      },
    },
  };
  return { content, bytesRead: () => bytesRead };
}
