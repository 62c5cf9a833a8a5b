// What the build's main thread and its worker threads (buildPool.ts, buildWorker.ts) say to each
// other: jobs, answers and the shapes of their data. Apart from the worker's code, so that the
// main thread does not load the parsers and renderers it leaves to the workers.

import type { IndexedStory } from "../core/indexEntry";
import type { Layout } from "../core/archiveLayout";
import type { Listing } from "../core/search/indexFormat";
import type { SourceImage } from "./mediaVariants";
import type { ParseOutcome, SeedFile } from "./planSeeds";
import type { PlannedSeed } from "./storyOf";
import type { StagedFile } from "./writeAll";

/** What a worker is started with. */
export interface WorkerSetup {
  readonly seedsDir: string;
}

/** A job for a worker. */
export type WorkerJob =
  | {
      readonly kind: "parse";
      readonly job: number;
      readonly seeds: readonly SeedFile[];
      /** Whether to check each `txt` seed whole now, or only up to its front matter (see headFacts). */
      readonly whole: boolean;
    }
  | { readonly kind: "begin"; readonly begin: StoriesSetup }
  /** Deletes every file the worker staged and the folders it made: the build failed. */
  | { readonly kind: "abort" }
  | {
      readonly kind: "stories";
      readonly job: number;
      /** The ordinal of the first seed: the first of a chunk. */
      readonly first: number;
      readonly seeds: readonly PlannedSeed[];
      /** The seeds' files, in order: views of the memory the "parse" jobs read them into (see SeedBytes). */
      readonly files: readonly Uint8Array[];
    };

/** What a worker needs to make stories and write their chunks. */
export interface StoriesSetup {
  readonly images: readonly (readonly [string, SourceImage])[];
  readonly layout: Layout;
  /** Where the chunks go, and their temporary files' suffix (see Staging). */
  readonly assetsDir: string;
  readonly suffix: string;
}

/**
 * Files' bytes, one after the other in `bytes`, the i-th ending at `ends[i]`.
 * `bytes` views a SharedArrayBuffer: posted to another thread, it is shared,
 * not copied, so the files read once are seen by the main thread and every
 * worker without a copy.
 */
export interface SeedBytes {
  readonly bytes: Uint8Array<SharedArrayBuffer>;
  readonly ends: Uint32Array<ArrayBuffer>;
}

/** The stories of a "stories" job, in its order, their chunks staged. */
export interface StoriesMade {
  /** Each story's storyDigest. */
  readonly digests: string[];
  readonly indexed: IndexedStory[];
  readonly listings: Listing[];
  /** The terms this worker met since its last reply, appended to its vocabulary (ids are positions in it). */
  readonly terms: string[];
  /** Per story: its length, its count of terms n, then n (term id, frequency) pairs. */
  readonly docs: Uint32Array<ArrayBuffer>;
  /** The files staged (chunks, stories' own files), by path under the assets folder. */
  readonly staged: (readonly [string, StagedFile])[];
}

/**
 * Hands each story of `made`, in order, to `take`: its position, its length
 * in terms and where its (term id, frequency) pairs lie in `made.docs`.
 */
export function eachStory(
  made: StoriesMade,
  take: (i: number, length: number, start: number, end: number) => void,
): void {
  let at = 0;
  for (let i = 0; i < made.indexed.length; i++) {
    const start = at + 2;
    const end = start + 2 * made.docs[at + 1]!;
    take(i, made.docs[at]!, start, end);
    at = end;
  }
}

/** A worker's answer to a job. */
export type WorkerReply =
  | {
      readonly kind: "parse";
      readonly job: number;
      /** The outcomes of the seeds with problems, dates or photos, by position; the others are PLAIN. */
      readonly notable: (readonly [number, ParseOutcome])[];
      /** The files of the seeds without problems (the others' are empty), kept for the "stories" job. */
      readonly files: SeedBytes;
    }
  | ({ readonly kind: "stories"; readonly job: number } & StoriesMade)
  /** The folders the worker made (and tried to remove: another worker's files may have kept them). */
  | { readonly kind: "aborted"; readonly made: string[] }
  | {
      readonly kind: "failed";
      readonly job: number;
      readonly message: string;
      /** A seed read only up to its front matter has problems further on (see SeedProblems). */
      readonly seedProblems?: true;
    };

/** A seed whose body has problems, found when its story is made: the plan read only its head. */
export class SeedProblems extends Error {}

/** The outcome of a seed without problems, dates or photos (most of them): one object for all. */
export const PLAIN: ParseOutcome = Object.freeze({ facts: Object.freeze({ photos: Object.freeze([]) }) });
