// The photo part of `npm run bench`: build time with 100 photos (cold encoder cache, then warm), and
// the weight of a story page with two photos as a phone downloads it.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import sharp from "sharp";
import { MEDIA_MANIFEST } from "../src/build/writeContent";
import { readJsonLines } from "../src/core/jsonLines";
import type { Story } from "../src/core/types";
import { renderStoryPage } from "../src/pages/renderStoryPage";
import { BENCH_SITE } from "./benchSite";
import { prepareSite, run } from "./site";

/** What the photo bench measures. */
export interface PhotoFigures {
  photos: number;
  stories: number;
  coldBuildMs: number;
  warmBuildMs: number;
  unchangedBuildMs: number;
  variantFiles: number;
  variantMiB: number;
  page: { htmlBytes: number; htmlGzipBytes: number; photoBytesDpr2: number; photoBytesDpr3: number };
}

/** A 2400x1600 photo-like JPEG (smooth shapes and grain), different for each `n`. */
export async function photo(n: number): Promise<Buffer> {
  const width = 2400;
  const height = 1600;
  const pixels = Buffer.alloc(width * height * 3);
  let seed = n * 7919 + 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const grain = (seed >> 16) % 24;
      const i = (y * width + x) * 3;
      pixels[i] = (128 + 90 * Math.sin((x + n * 37) / 180) + grain) & 255;
      pixels[i + 1] = (128 + 80 * Math.cos((y + n * 53) / 140) + grain) & 255;
      pixels[i + 2] = (110 + 60 * Math.sin((x + y) / 260 + n) + grain) & 255;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** The narrowest candidate of `srcset` at least `needed` px wide (the browser's pick), else the widest. */
function pick(srcset: string, needed: number): string {
  const candidates = srcset
    .split(", ")
    .map((c) => ({ url: c.split(" ")[0]!, width: Number(c.split(" ")[1]!.slice(0, -1)) }));
  candidates.sort((a, b) => a.width - b.width);
  return (candidates.find((c) => c.width >= needed) ?? candidates.at(-1)!).url;
}

/** Builds `photos` photos in stories of two, cold then warm, and weighs one story page. */
export async function measurePhotos(
  photos: number,
  progress: (message: string) => void,
): Promise<PhotoFigures> {
  const work = mkdtempSync(join(tmpdir(), "bench-photos-"));
  try {
    const stories = photos / 2;
    const seeds = join(work, "seeds");
    mkdirSync(join(seeds, "media"), { recursive: true });
    progress(`photos: writing ${photos} photos`);
    for (let n = 0; n < photos; n++) writeFileSync(join(seeds, "media", `photo-${n}.jpg`), await photo(n));
    for (let s = 0; s < stories; s++) {
      writeFileSync(
        join(seeds, `${String(s).padStart(3, "0")}_photo-story-${s}.md`),
        [
          "---",
          `date: 2026-01-${String((s % 28) + 1).padStart(2, "0")}T08:00:00Z`,
          "---",
          `# Photo story ${s}`,
          "",
          "The harbour reopened on Saturday, two years after the storm that broke its wall.",
          "",
          `![Boats along the harbour wall, view ${s}](media/photo-${2 * s}.jpg "The rebuilt wall. | Photo: Bench")`,
          "",
          "Traders set up on the quay before dawn, and the first boats came back at six.",
          "",
          `![A market stall on the quay, view ${s}](media/photo-${2 * s + 1}.jpg "The market. | Photo: Bench")`,
          "",
        ].join("\n"),
      );
    }
    const site = prepareSite(work);
    const env = { SEEDS_DIR: seeds, MEDIA_CACHE_DIR: join(work, "cache") };
    const tsx = join(site, "node_modules/.bin/tsx");
    progress("photos: cold build (empty encoder cache)");
    const cold = run(tsx, ["src/build/cli.ts"], site, env);
    rmSync(join(site, "dist"), { recursive: true, force: true });
    rmSync(join(site, "src/generated"), { recursive: true, force: true });
    progress("photos: warm build (encoder cache kept, output deleted)");
    const warm = run(tsx, ["src/build/cli.ts"], site, env);
    progress("photos: unchanged build");
    const unchanged = run(tsx, ["src/build/cli.ts"], site, env);

    // The variants the build stages for the media bucket (dist/media/), with their manifest.
    const media = join(site, "dist/media");
    const lines = readJsonLines<Story>(readFileSync(join(site, "dist/assets/_chunks/0.jsonl")));
    const chunk = Array.from({ length: lines.count }, (_, i) => lines.at(i)!);
    const story = chunk[0]!;
    const html = renderStoryPage(
      BENCH_SITE,
      story,
      { newer: chunk[1] ?? null, older: null },
      Date.parse("2027-01-01T00:00:00Z"),
    );
    // A 390 px wide phone: the story column is 390 - 2 x 20 px; WebP is what it downloads.
    const slot = 390 - 40;
    const weight = (dpr: number): number =>
      [...html.matchAll(/<source type="image\/webp" srcset="([^"]*)"/g)]
        .map((match) => pick(match[1]!, slot * dpr))
        .reduce((sum, url) => sum + statSync(join(media, url.slice("/media/".length))).size, 0);
    const files = readdirSync(media).filter((name) => name !== MEDIA_MANIFEST);
    const variantBytes = files.reduce((sum, name) => sum + statSync(join(media, name)).size, 0);
    return {
      photos,
      stories,
      coldBuildMs: cold.ms,
      warmBuildMs: warm.ms,
      unchangedBuildMs: unchanged.ms,
      variantFiles: files.length,
      variantMiB: variantBytes / 1024 / 1024,
      page: {
        htmlBytes: Buffer.byteLength(html),
        htmlGzipBytes: gzipSync(html).length,
        photoBytesDpr2: weight(2),
        photoBytesDpr3: weight(3),
      },
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The photo figures as a Markdown table. */
export function photoTable(p: PhotoFigures): string {
  const kib = (bytes: number) => (bytes / 1024).toFixed(1);
  return [
    "| photos (stories) | cold build s | warm build s | unchanged build s | variant files | variants MiB | story page HTML KiB (gzip) | photos at 390 px, 2x / 3x KiB |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|",
    `| ${p.photos} (${p.stories}) | ${(p.coldBuildMs / 1000).toFixed(2)} | ${(p.warmBuildMs / 1000).toFixed(2)} | ${(p.unchangedBuildMs / 1000).toFixed(2)} | ${p.variantFiles} | ${p.variantMiB.toFixed(1)} | ${kib(p.page.htmlBytes)} (${kib(p.page.htmlGzipBytes)}) | ${kib(p.page.photoBytesDpr2)} / ${kib(p.page.photoBytesDpr3)} |`,
  ].join("\n");
}
