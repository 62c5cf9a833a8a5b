// The media part of `npm run bench` (issue 27): photos in the R2 bucket add no asset file; what a
// build with photos uploads (cold, warm, one story added); serving them in workerd (mediaServe.ts).

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import sharp from "sharp";
import { generateCorpus, TOPICS } from "../scripts/generateCorpus";
import { LAYOUT } from "../src/core/archiveLayout";
import { summaryBlock } from "../src/core/search/indexFormat";
import { uploadMedia, type Bucket, type UploadSummary } from "../src/build/mediaSync";
import { measureServing, serveTables, type ServeFigures } from "./mediaServe";
import { prepareSite, run } from "./site";

/** Item 1: asset files of the same corpus built without and with photos. */
export interface AssetFigures {
  stories: number;
  photos: number;
  plainAssetFiles: number;
  photoAssetFiles: number;
  /** Asset files per family (folder under dist/assets, two levels for `_search/s` and the like), without and with photos. */
  families: Record<string, { plain: number; photos: number }>;
  mediaObjects: number;
  variantsPerPhoto: number;
  plainBuildMs: number;
  photoBuildMs: number;
}

/** Item 1 at sizes not built: computed from the layout (see `computedAssets`). */
export interface ComputedAssets {
  stories: number;
  photos: number;
  /** Archive files: every family of archiveLayout.ts, photos or not. */
  archiveFiles: number;
  /** Search summary files (`_search/s/`), from summaryBlock. */
  summaryFiles: number;
  /** Media objects: photos x variants of a photo at least 1600 px wide. */
  mediaObjects: number;
  how: string[];
}

/** Item 2: one step of builds and uploads. */
export interface UploadStep {
  step: string;
  buildMs: number;
  encoded: number;
  reused: number;
  objects: number;
  recorded: number;
  present: number;
  uploaded: number;
  uploadedMiB: number;
  uploadMs: number;
}

export interface UploadFigures {
  photos: number;
  steps: UploadStep[];
}

/** Variants of a photo at least 1600 px wide: WebP and JPEG at 480, 960 and 1600, four crops (mediaVariants.ts). */
const VARIANTS_LARGE = 3 * 2 + 4;

/** A small JPEG, different for each `n` (its pixels are drawn from `n`), `width` x `height`. */
export async function smallPhoto(n: number, width = 64, height = 48): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  let seed = (n * 2654435761 + 1) >>> 0;
  for (let i = 0; i < pixels.length; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    pixels[i] = ((i * 7 + n) & 255) ^ (seed >>> 24);
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/**
 * Writes `stories` generated seeds into `seeds`, and `photos` of them (spread
 * evenly) a lead photo of their own, `media/p-<n>.jpg`, named in front matter.
 */
export async function photoCorpus(seeds: string, stories: number, photos: number): Promise<void> {
  if (photos > stories) throw new Error(`${photos} photos need as many stories (one each), not ${stories}`);
  generateCorpus(seeds, stories, 1, { short: stories >= 1_000_000 });
  if (photos === 0) return;
  mkdirSync(join(seeds, "media"), { recursive: true });
  const names = readdirSync(seeds)
    .filter((name) => name.endsWith(".txt"))
    .sort();
  for (let n = 0; n < photos; n++) {
    const name = names[Math.floor((n * stories) / photos)]!;
    writeFileSync(join(seeds, "media", `p-${n}.jpg`), await smallPhoto(n));
    const path = join(seeds, name);
    const text = readFileSync(path, "utf8");
    writeFileSync(
      path,
      text.replace(/^---\n/, `---\nimage: { src: media/p-${n}.jpg, alt: Bench photo ${n} }\n`),
    );
  }
}

/** The figures of the build's last line: asset files, variants encoded and reused. */
function buildLine(output: string): { assetFiles: number; encoded: number; reused: number } {
  const assets = /(\d+) asset files of \d+/.exec(output);
  if (!assets) throw new Error(`no asset count in the build's output:\n${output.slice(-2000)}`);
  const media = /(\d+) variant\(s\) encoded, (\d+) reused/.exec(output);
  return { assetFiles: Number(assets[1]), encoded: Number(media?.[1] ?? 0), reused: Number(media?.[2] ?? 0) };
}

/** Builds the site in `site` from `seeds` with the encoder cache `cache`, as `npm run build` does. */
function build(site: string, seeds: string, cache: string) {
  const result = run("npm", ["run", "--silent", "build"], site, { SEEDS_DIR: seeds, MEDIA_CACHE_DIR: cache });
  return { ms: result.ms, ...buildLine(result.output) };
}

/** Files under `dir` per first path segment (a file at the top counts under its own name). */
function families(dir: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const relative = join(entry.parentPath, entry.name).slice(dir.length + 1);
    const parts = relative.split("/");
    const family = parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0]!;
    counts.set(family, (counts.get(family) ?? 0) + 1);
  }
  return counts;
}

/** Lines of the media manifest the build wrote in `site`. */
function manifestObjects(site: string): number {
  return readFileSync(join(site, "dist/media/manifest.json"), "utf8")
    .split("\n")
    .filter((line) => line !== "").length;
}

/** Item 1: `stories` stories built plain and with `photos` photos, each in a project copy of its own. */
export async function measureAssets(
  work: string,
  stories: number,
  photos: number,
  progress: (message: string) => void,
): Promise<AssetFigures> {
  const builds = [];
  for (const [kind, count] of [
    ["plain", 0],
    ["photos", photos],
  ] as const) {
    const dir = join(work, `assets-${kind}`);
    progress(`media: ${stories} stories with ${count} photos: writing, building`);
    await photoCorpus(join(dir, "seeds"), stories, count);
    const site = prepareSite(dir);
    const built = build(site, join(dir, "seeds"), join(dir, "cache"));
    builds.push({
      ...built,
      families: families(join(site, "dist/assets")),
      mediaObjects: count === 0 ? 0 : manifestObjects(site),
    });
    // Left for the caller to delete once all is measured: deleting many files just before a
    // build slows the build's file creation (see `finished` in run.ts).
  }
  const [plain, withPhotos] = builds as [(typeof builds)[0], (typeof builds)[0]];
  const names = [...new Set([...plain.families.keys(), ...withPhotos.families.keys()])].sort();
  return {
    stories,
    photos,
    plainAssetFiles: plain.assetFiles,
    photoAssetFiles: withPhotos.assetFiles,
    families: Object.fromEntries(
      names.map((name) => [
        name,
        { plain: plain.families.get(name) ?? 0, photos: withPhotos.families.get(name) ?? 0 },
      ]),
    ),
    mediaObjects: withPhotos.mediaObjects,
    variantsPerPhoto: photos === 0 ? 0 : withPhotos.mediaObjects / photos,
    plainBuildMs: plain.ms,
    photoBuildMs: withPhotos.ms,
  };
}

/**
 * The asset files and media objects of `stories` stories with `photos` photos
 * (each at least 1600 px wide), without building them: photos are no asset,
 * so the assets are those of the stories alone, family by family as
 * archiveLayout.ts lays them out, for a corpus of `topics` topics and
 * `tagsPerStory` tags a story. The search postings (shards, and a file per
 * very common word) depend on the text, not on photos, and are not computed.
 */
export function computedAssets(
  stories: number,
  photos: number,
  topics: number,
  tagsPerStory: number,
): ComputedAssets {
  const { chunkSize, segmentSize, idShards, topicShards } = LAYOUT;
  const chunks = Math.ceil(stories / chunkSize);
  const segments = Math.ceil(stories / segmentSize);
  // At most one file per shard, and no more than there are ids or topics to hash.
  const ids = Math.min(idShards, stories);
  const topicFiles = Math.min(topicShards, topics);
  // One block file per full segmentSize of a topic's stories: at most tagged stories / segmentSize.
  const blocks = Math.floor((stories * tagsPerStory) / segmentSize);
  const archiveFiles = chunks + 2 * segments + 1 + ids + 2 * topicFiles + blocks;
  const summaryFiles = Math.ceil(stories / summaryBlock(stories));
  return {
    stories,
    photos,
    archiveFiles,
    summaryFiles,
    mediaObjects: photos * VARIANTS_LARGE,
    how: [
      `_chunks ${chunks} (stories / ${chunkSize}) + _index ${segments} and _lists ${segments} (stories / ${segmentSize}) + directory 1`,
      `+ _ids ${ids} (at most ${idShards}) + _topics ${topicFiles} and _topics/t ${topicFiles} (at most ${topicShards}, ${topics} topics)`,
      `+ _topics/b ${blocks} at most (stories x ${tagsPerStory} tags / ${segmentSize}) = ${archiveFiles} archive files;`,
      `_search/s ${summaryFiles} (stories / ${summaryBlock(stories)} a file); _search/t and _search/w as the same stories without photos (postings: by text, not computed).`,
      `No family holds a photo: photos are objects in the media bucket, ${photos} x ${VARIANTS_LARGE} variants (WebP and JPEG at 480, 960, 1600; card, 16x9, 4x3, 1x1).`,
    ],
  };
}

/** Item 2: `photos` stories of a photo each, built cold, warm and with one story added; each uploaded. */
export async function measureUploads(
  work: string,
  photos: number,
  progress: (message: string) => void,
): Promise<UploadFigures> {
  const dir = join(work, "uploads");
  const seeds = join(dir, "seeds");
  const cache = join(dir, "cache");
  progress(`media: ${photos} stories with a photo each: writing`);
  await photoCorpus(seeds, photos, photos);
  const site = prepareSite(dir);
  const mf = new Miniflare({
    modules: true,
    script: "export default { fetch() { return new Response(null); } }",
    r2Buckets: ["MEDIA"],
  });
  try {
    // Miniflare's R2 binding, seen from Node: the Workers API that uploadMedia takes.
    const bucket = (await mf.getR2Bucket("MEDIA")) as unknown as Bucket;
    const steps: UploadStep[] = [];
    const step = async (name: string): Promise<void> => {
      progress(`media: ${name}: build, upload`);
      const built = build(site, seeds, cache);
      const started = performance.now();
      const uploaded: UploadSummary = await uploadMedia(bucket, join(site, "dist/media"));
      steps.push({
        step: name,
        buildMs: built.ms,
        encoded: built.encoded,
        reused: built.reused,
        objects: uploaded.objects,
        recorded: uploaded.recorded,
        present: uploaded.present,
        uploaded: uploaded.uploaded,
        uploadedMiB: uploaded.uploadedBytes / 2 ** 20,
        uploadMs: performance.now() - started,
      });
    };
    await step("cold encoder cache, empty bucket");
    rmSync(join(site, "dist"), { recursive: true, force: true });
    rmSync(join(site, "src/generated"), { recursive: true, force: true });
    await step("warm cache, output deleted, upload again");
    const width = Math.max(3, String(photos - 1).length);
    writeFileSync(join(seeds, "media", `p-${photos}.jpg`), await smallPhoto(photos));
    writeFileSync(
      join(seeds, `${String(photos).padStart(width, "0")}_bench-added.txt`),
      [
        "---",
        "date: 2026-11-01T12:00:00Z",
        `image: { src: media/p-${photos}.jpg, alt: The added story's photo }`,
        "---",
        "A story added after the last build",
        "Its one photo is the only media the upload has to send.",
        "",
      ].join("\n"),
    );
    await step("one story with one photo added");
    return { photos, steps };
  } finally {
    await mf.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Everything the media part measures. */
export interface MediaFigures {
  assets: AssetFigures;
  computed: ComputedAssets;
  uploads: UploadFigures;
  serving: ServeFigures;
}

/** What the corpus tags a story with: one topic, and a second for about three in ten (generateCorpus). */
const CORPUS_TAGS_PER_STORY = 1.3;
/** Topics in the generated corpus (TOPICS of scripts/generateCorpus.ts). */
const CORPUS_TOPICS = TOPICS.length;

/**
 * The media part, sized by the environment: BENCH_MEDIA_STORIES stories with
 * BENCH_MEDIA_PHOTOS photos (item 1), BENCH_MEDIA_UPLOAD_PHOTOS (item 2),
 * BENCH_MEDIA_REQUESTS a side per round and BENCH_MEDIA_MEMORY_REQUESTS
 * distinct photos (items 3 to 5); `rounds` and `connections` as the rest of
 * the bench. Returns null with BENCH_MEDIA=0.
 */
export async function measureMedia(
  options: { rounds: number; connections: number },
  progress: (message: string) => void,
): Promise<MediaFigures | null> {
  if (process.env.BENCH_MEDIA === "0") return null;
  const env = (name: string, fallback: number): number => {
    const value = Number(process.env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number`);
    return value;
  };
  const stories = env("BENCH_MEDIA_STORIES", 10_000);
  const photos = env("BENCH_MEDIA_PHOTOS", 1000);
  const work = mkdtempSync(join(tmpdir(), "bench-media-"));
  try {
    const assets = await measureAssets(work, stories, photos, progress);
    const uploads = await measureUploads(work, env("BENCH_MEDIA_UPLOAD_PHOTOS", 1000), progress);
    const serving = await measureServing(
      work,
      {
        rounds: options.rounds,
        connections: options.connections,
        requests: env("BENCH_MEDIA_REQUESTS", 2000),
        memoryRequests: env("BENCH_MEDIA_MEMORY_REQUESTS", 10_000),
      },
      progress,
    );
    const computed = computedAssets(1_000_000, 1_000_000, CORPUS_TOPICS, CORPUS_TAGS_PER_STORY);
    return { assets, computed, uploads, serving };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The media part's tables. */
export function mediaTables(m: MediaFigures): string {
  return [assetTable(m.assets, m.computed), uploadTable(m.uploads), serveTables(m.serving)].join("\n\n");
}

const f = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");

/** Item 1 as Markdown. */
export function assetTable(a: AssetFigures, million: ComputedAssets): string {
  return [
    "| stories | photos | asset files, no photos | asset files, with photos | equal | media objects | variants a photo | build time with photos (cold encoder cache) / without |",
    "|---:|---:|---:|---:|:---:|---:|---:|---:|",
    `| ${a.stories} | ${a.photos} | ${a.plainAssetFiles} | ${a.photoAssetFiles} | ${a.plainAssetFiles === a.photoAssetFiles ? "yes" : "NO"} | ${a.mediaObjects} | ${f(a.variantsPerPhoto, 1)} | ${f(a.photoBuildMs / a.plainBuildMs, 2)} |`,
    "",
    "| asset family | no photos | with photos |",
    "|---|---:|---:|",
    ...Object.entries(a.families).map(([name, c]) => `| ${name} | ${c.plain} | ${c.photos} |`),
    "",
    `Computed, not built: ${million.stories} stories with ${million.photos} photos (each at least 1600 px wide)`,
    "",
    "| stories | photos | archive files | search summary files | asset files | media objects |",
    "|---:|---:|---:|---:|---|---:|",
    `| ${million.stories} | ${million.photos} | ${million.archiveFiles} | ${million.summaryFiles} | as ${million.stories} stories without photos: ${million.archiveFiles + million.summaryFiles} + search postings | ${million.mediaObjects} |`,
    "",
    ...million.how,
  ].join("\n");
}

/** Item 2 as Markdown. */
export function uploadTable(u: UploadFigures): string {
  return [
    `Build and upload (uploadMedia) into a Miniflare R2 bucket in Node, ${u.photos} stories with a photo each, then one story with one photo added. The photos are 64x48 JPEGs: ${f(u.steps[0]!.objects / u.photos, 1)} objects a photo (their own width in WebP and JPEG, four crops), where a photo at least 1600 px wide has ${VARIANTS_LARGE}.`,
    "",
    "| step | build s | variants encoded / reused | objects | uploaded | already there (HEAD) | known from the last record | uploaded MiB | upload s |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...u.steps.map(
      (s) =>
        `| ${s.step} | ${f(s.buildMs / 1000, 2)} | ${s.encoded} / ${s.reused} | ${s.objects} | ${s.uploaded} | ${s.present} | ${s.recorded} | ${f(s.uploadedMiB, 2)} | ${f(s.uploadMs / 1000, 2)} |`,
    ),
  ].join("\n");
}
