// `npm run build`: validates seeds/ and writes the story index module and chunk assets, or fails listing
// every problem. Prints one line saying what changed since the last build. Seeds are parsed, and
// stories made, in worker threads (see buildPool.ts); this thread plans and writes. It loads the
// parsers and renderers (remark, sharp) only when it uses them, for a small folder or photos:
// loading them took a large build's main thread 0.7 s.

import { dirname, join, resolve } from "node:path";
import { LAYOUT } from "../core/archiveLayout";
import { BuildPool, poolSize } from "./buildPool";
import { eachStory, SeedProblems } from "./workerProtocol";
import { changeSummary, StoryTally } from "./changeSummary";
import { encodeMedia } from "./encodeMedia";
import type { SeedDraft } from "./parseSeed";
import { planSeeds, type Plan } from "./planSeeds";
import { progress } from "./progress";
import { TermTranslation } from "./searchIndex";
import {
  buildOptions,
  gitCacheFile,
  mediaFolder,
  readManifest,
  reported,
  seedsFolder,
  type ReportOptions,
} from "./validateSeeds";
import { ASSET_FILE_BUDGET, ContentWriter } from "./writeContent";
import { workerScript } from "./workerScript";

const root = resolve(import.meta.dirname, "../..");
const { seedsDir, label } = seedsFolder(root);
const photoFolder = mediaFolder(seedsDir, label);
const moduleFile = resolve(process.env.CONTENT_MODULE ?? resolve(root, "src/generated/content.ts"));
const assetsDir = resolve(process.env.ASSETS_DIR ?? resolve(root, "dist/assets"));
/** The photo variants to upload (see writeContent's MediaOutput): beside the assets, never among them. */
const mediaDir = join(dirname(assetsDir), "media");
const manifestFile = join(dirname(moduleFile), "manifest.json");
const cacheDir = resolve(
  process.env.MEDIA_CACHE_DIR ?? resolve(root, "node_modules/.cache/edge-news-feed/media"),
);

/** The build's workers, as they start (stopped at the end, whatever happens). */
const started: Promise<BuildPool>[] = [];
/** The drafts of a small folder's seeds, parsed in this thread (see planBuild). */
const drafts = new Map<string, SeedDraft>();
try {
  const warnings: string[] = [];
  const report = {
    seedsDir,
    label,
    photos: photoFolder,
    verb: "build",
    gitCacheFile: gitCacheFile(root),
    problemsTo: (line: string) => console.error(line),
    failureSuffix: () => "; nothing was written",
    // Said once the stories are made: a seed found broken then fails the build with its problems alone.
    warningsTo: (line: string) => warnings.push(line),
  };
  const planned = await planBuild(report, false);
  // The workers checked plain-text seeds up to their front matter: to list every problem, every
  // seed is checked whole (a failing build only).
  const plan = reported(planned.ok || started.length === 0 ? planned : await planBuild(report, true), report);
  const workers = await started.at(-1);
  stats("planned");
  // Photos: encoded once into a cache kept between builds, keyed by content and settings.
  const encoding = progress("build: encoding photos");
  const encoded = await encodeMedia(photoFolder, plan.media, cacheDir, encoding.update);
  encoding.done();
  // All or nothing, and only what changed: wrangler dev watches src/ and would rebuild forever.
  const oldestFirst = plan.seeds.reverse();
  const writer = new ContentWriter(oldestFirst.length, { moduleFile, assetsDir }, LAYOUT, {
    manifestFile,
    media: { dir: mediaDir, files: encoded.files },
    chunksElsewhere: workers !== undefined,
  });
  const tally = new StoryTally(Date.now());
  const vocabularies = Array.from({ length: workers?.size ?? 0 }, () => [] as string[]);
  const translations = vocabularies.map(() => new TermTranslation(writer.search));
  const writing = progress("build: writing stories");
  try {
    if (!workers) {
      const { storyOf } = await import("./storyOf");
      for (const seed of oldestFirst) {
        const story = storyOf(seed, drafts.get(seed.name)!, plan.images);
        writer.addStory(story);
        tally.add(story);
      }
    }
    const setup = { images: [...plan.images], layout: LAYOUT, ...writer.staged };
    await workers?.stories(oldestFirst, setup, (made, worker) => {
      for (const [path, staged] of made.staged) writer.adopt(path, staged);
      const vocabulary = vocabularies[worker]!;
      for (const term of made.terms) vocabulary.push(term);
      eachStory(made, (i, length, start, end) => {
        const story = made.indexed[i]!;
        const terms = translations[worker]!.translate(vocabulary, made.docs, start, end);
        writer.add(story, null, made.digests[i]!, terms, length, made.listings[i]!);
        tally.add(story);
      });
      writing.update(tally.stories, oldestFirst.length);
    });
  } catch (error) {
    // The workers first: a folder one of them made may hold another's files until they are done.
    writer.abort((await workers?.abort()) ?? []);
    if (error instanceof SeedProblems) reported(await planBuild(report, true), report);
    throw error;
  }
  writing.done();
  for (const line of warnings) console.error(line);
  stats("stories made");
  // The last build's manifest (a million stories: 41 MB of JSON), read only now that the stories are
  // made: held through the story phase, it raised a rebuild's peak memory (heap 775 MiB, not 632).
  const before = readManifest(manifestFile);
  const { written, removed, assetFiles, digests } = writer.finish();
  const summary = changeSummary(tally, before, Date.now(), before === null ? {} : digests);
  const files =
    written + removed === 0 ? "output unchanged" : `${written} file(s) written, ${removed} removed`;
  const photos =
    plan.media.length === 0
      ? ""
      : `; ${plan.media.length} photo(s), ${encoded.encoded} variant(s) encoded, ${encoded.reused} reused`;
  console.error(
    `built ${label}/: ${summary} (${files}; ${assetFiles} asset files of ${ASSET_FILE_BUDGET}${photos})`,
  );
  stats("written");
} catch (error) {
  // An I/O failure, not a seed problem: one clear line, no stack trace.
  console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await stopWorkers();
}

/**
 * The plan of the build. The workers are started as soon as the folder is
 * listed, and boot while the names are checked: as many as its size calls
 * for, or none for a small folder, parsed here, its drafts kept. With
 * `whole`, each seed is checked whole, by new workers (the earlier ones,
 * stopped, may still have been busy): after the workers found a problem in a
 * seed they had checked only up to its front matter, so that every problem is
 * listed.
 */
async function planBuild(report: ReportOptions, whole: boolean): Promise<Plan> {
  if (whole) await stopWorkers();
  const reading = progress(whole ? "build: checking every seed whole" : "build: reading seeds");
  let pool: Promise<BuildPool> | undefined;
  const onListed = (entries: number): void => {
    const size = poolSize(entries);
    if (size === 0 && !whole) return;
    pool = workerScript().then((script) => new BuildPool(seedsDir, Math.max(1, size), script));
    started.push(pool);
  };
  const options = { ...buildOptions(report), onProgress: reading.update, onListed };
  const plan = await planSeeds(options, async (seeds, done) => {
    if (!pool) return (await import("./buildContent")).parseHere(seedsDir, drafts)(seeds, done);
    return whole ? (await pool).parseWhole(seeds, done) : (await pool).parse(seeds, done);
  });
  reading.done();
  return plan;
}

/** Stops every worker started (a pool that failed to start has none). */
async function stopWorkers(): Promise<void> {
  for (const pool of started) await (await pool.catch(() => null))?.close();
}

/** With BUILD_STATS set, the process's memory after `phase` (all threads) and its peak so far. */
function stats(phase: string): void {
  if (!process.env.BUILD_STATS) return;
  const mib = (bytes: number): string => `${Math.round(bytes / 2 ** 20)}MiB`;
  const { rss, heapUsed, arrayBuffers } = process.memoryUsage();
  // CPU time of every thread so far: on a shared machine, steadier than the time taken.
  const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
  console.error(
    `build stats: ${phase} at ${(performance.now() / 1000).toFixed(1)} s: cpu=${(userCPUTime / 1e6).toFixed(1)}u+${(systemCPUTime / 1e6).toFixed(1)}s rss=${mib(rss)} heap=${mib(heapUsed)} buffers=${mib(arrayBuffers)} maxRSS=${mib(maxRSS * 1024)}`,
  );
}
