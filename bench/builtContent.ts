// The content of a built copy of the site, read from its files as the Worker reads its assets.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { ArchiveManifest } from "../src/core/archiveLayout";
import type { Content } from "../src/core/types";

/** The generated manifest of `siteDir` and a reader of its `dist/assets`, counting the files and bytes read. */
export async function builtContent(
  siteDir: string,
): Promise<{ content: Content; bytesRead: () => number; filesRead: () => number }> {
  const generated = (await import(pathToFileURL(join(siteDir, "src/generated/content.ts")).href)) as {
    manifest: ArchiveManifest;
  };
  const assets = join(siteDir, "dist/assets");
  let bytesRead = 0;
  let filesRead = 0;
  const content: Content = {
    manifest: generated.manifest,
    read: async (path) => {
      const bytes = new Uint8Array(readFileSync(join(assets, path)));
      bytesRead += bytes.byteLength;
      filesRead++;
      return bytes;
    },
  };
  return { content, bytesRead: () => bytesRead, filesRead: () => filesRead };
}

/** The `createApp` of the copy of the site in `siteDir` (its own sources, as built there). */
export async function siteCreateApp(
  siteDir: string,
): Promise<typeof import("../src/worker/createApp").createApp> {
  const module = (await import(
    pathToFileURL(join(siteDir, "src/worker/createApp.ts")).href
  )) as typeof import("../src/worker/createApp");
  return module.createApp;
}
