// A build worker thread (see parallelBuild.ts): parses seeds for the plan, then makes the planned
// stories chunk by chunk: their JSON, what the index needs of them and their search terms.

import { Buffer } from "node:buffer";
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import type { IndexedStory } from "../core/indexEntry";
import { storyDigest } from "./changeSummary";
import type { Listing } from "../core/search/indexFormat";
import type { SourceImage } from "./mediaVariants";
import { MAX_SEED_BYTES, parseSeed, type SeedDraft } from "./parseSeed";
import type { ParseOutcome, SeedFile } from "./planSeeds";
import { DocTerms, listing, memoizedTermIds } from "./searchIndex";
import { seedFacts, storyOf, type PlannedSeed } from "./storyOf";

/** What a worker is started with. */
export interface WorkerSetup {
  readonly seedsDir: string;
}

/** A job for a worker. */
export type WorkerJob =
  | { readonly kind: "parse"; readonly job: number; readonly seeds: readonly SeedFile[] }
  | { readonly kind: "images"; readonly images: readonly (readonly [string, SourceImage])[] }
  | {
      readonly kind: "stories";
      readonly job: number;
      readonly seeds: readonly PlannedSeed[];
      /** The seeds' files, one after the other, as the "parse" job read them (see SeedBytes). */
      readonly files: SeedBytes;
    };

/** Files' bytes, one after the other in `bytes`, the i-th ending at `ends[i]`. */
export interface SeedBytes {
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly ends: Uint32Array<ArrayBuffer>;
}

/** The stories of a "stories" job, in its order. */
export interface StoriesMade {
  /** Each story's JSON, UTF-8, one after the other. */
  readonly json: Uint8Array<ArrayBuffer>;
  /** Where each story's JSON ends in `json`. */
  readonly ends: Uint32Array<ArrayBuffer>;
  /** Each story's storyDigest. */
  readonly digests: string[];
  readonly indexed: IndexedStory[];
  readonly listings: Listing[];
  /** The terms this worker met since its last reply, appended to its vocabulary (ids are positions in it). */
  readonly terms: string[];
  /** Per story: its length, its count of terms n, then n (term id, frequency) pairs. */
  readonly docs: Uint32Array<ArrayBuffer>;
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
  | { readonly kind: "failed"; readonly job: number; readonly message: string };

/** Makes the stories of `seeds`, parsed again from their files. */
export class StoryMaker {
  private images = new Map<string, SourceImage>();
  private readonly tokenizer = memoizedTermIds();
  private readonly doc = new DocTerms();
  private sent = 0;

  setImages(images: readonly (readonly [string, SourceImage])[]): void {
    this.images = new Map(images);
  }

  make(seeds: readonly PlannedSeed[], files: SeedBytes): StoriesMade {
    const texts: string[] = [];
    const ends = new Uint32Array(seeds.length);
    const digests: string[] = [];
    const indexed: IndexedStory[] = [];
    const listings: Listing[] = [];
    const docs: number[] = [];
    let end = 0;
    seeds.forEach((seed, i) => {
      const bytes = files.bytes.subarray(i === 0 ? 0 : files.ends[i - 1], files.ends[i]);
      const story = storyOf(seed, draftOf(seed, bytes), this.images);
      const text = JSON.stringify(story);
      texts.push(text);
      // The digest of a text is that of its UTF-8 bytes.
      digests.push(storyDigest(text));
      ends[i] = end += Buffer.byteLength(text);
      const { id, slug, title, published, updated, draft, retracted, tags, summary } = story;
      indexed.push({
        id,
        slug,
        title,
        published,
        updated,
        ...(draft ? { draft } : {}),
        ...(retracted ? { retracted } : {}),
        tags,
        summary,
      });
      listings.push(listing(story));
      this.doc.count(this.tokenizer, story);
      docs.push(this.doc.length, this.doc.pairs.length / 2, ...this.doc.pairs);
    });
    const terms = this.tokenizer.terms.slice(this.sent);
    this.sent = this.tokenizer.terms.length;
    // Encoded at once, into a buffer of its own (not a slice of Node's pool): transferred, not copied.
    const joined = Buffer.from(texts.join(""));
    const json =
      joined.byteOffset === 0 && joined.buffer.byteLength === joined.byteLength
        ? new Uint8Array(joined.buffer, 0, joined.byteLength)
        : new Uint8Array(joined);
    return { json, ends, digests, indexed, listings, terms, docs: Uint32Array.from(docs) };
  }
}

/** The draft of a seed parsed before (see parseSeeds) from `bytes`, its file. */
function draftOf(seed: PlannedSeed, bytes: Uint8Array): SeedDraft {
  const parsed = parseSeed(seed.name, bytes, seed.format);
  if ("problems" in parsed) throw new Error(`${seed.name} parsed twice, differently`);
  return parsed.draft;
}

/** A buffer for one seed file: a seed over MAX_SEED_BYTES is read whole, to report its size. */
const readBuffer = Buffer.allocUnsafe(MAX_SEED_BYTES + 1);

/** The bytes of the file at `path`: one open, read and close (no stat) for a seed-sized file. */
function readSeed(path: string): Uint8Array {
  const fd = openSync(path, "r");
  let length = 0;
  try {
    for (let read = -1; read !== 0 && length < readBuffer.length; length += read) {
      read = readSync(fd, readBuffer, length, readBuffer.length - length, null);
    }
  } finally {
    closeSync(fd);
  }
  return length < readBuffer.length ? readBuffer.subarray(0, length) : readFileSync(path);
}

/**
 * Parses `seeds`: each one's facts for the plan, or its problems, and the
 * files of those without problems, to make their stories from later without
 * reading them again.
 */
export function parseSeeds(
  seedsDir: string,
  seeds: readonly SeedFile[],
): { notable: [number, ParseOutcome][]; files: SeedBytes } {
  let kept = new Uint8Array(1 << 20);
  const ends = new Uint32Array(seeds.length);
  const notable: [number, ParseOutcome][] = [];
  let end = 0;
  seeds.forEach((seed, i) => {
    const bytes = readSeed(join(seedsDir, seed.name));
    const parsed = parseSeed(seed.file, bytes, seed.format);
    if ("problems" in parsed) {
      ends[i] = end;
      notable.push([i, parsed]);
      return;
    }
    if (end + bytes.length > kept.length) {
      const grown = new Uint8Array(Math.max(2 * kept.length, end + bytes.length));
      grown.set(kept.subarray(0, end));
      kept = grown;
    }
    kept.set(bytes, end);
    ends[i] = end += bytes.length;
    const facts = seedFacts(parsed.draft);
    if (facts.date || facts.updated || facts.photos.length > 0) notable.push([i, { facts }]);
  });
  return { notable, files: { bytes: kept.slice(0, end), ends } };
}

/** The outcome of a seed without problems, dates or photos (most of them): one object for all. */
export const PLAIN: ParseOutcome = Object.freeze({ facts: Object.freeze({ photos: Object.freeze([]) }) });

if (parentPort) {
  const port = parentPort;
  const { seedsDir } = workerData as WorkerSetup;
  const maker = new StoryMaker();
  port.on("message", (message: WorkerJob) => {
    if (message.kind === "images") return maker.setImages(message.images);
    try {
      if (message.kind === "parse") {
        const parsed = parseSeeds(seedsDir, message.seeds);
        const reply: WorkerReply = { kind: "parse", job: message.job, ...parsed };
        port.postMessage(reply, [parsed.files.bytes.buffer, parsed.files.ends.buffer]);
      } else {
        const made = maker.make(message.seeds, message.files);
        const reply: WorkerReply = { kind: "stories", job: message.job, ...made };
        port.postMessage(reply, [made.json.buffer, made.ends.buffer, made.docs.buffer]);
      }
    } catch (error) {
      const reply: WorkerReply = {
        kind: "failed",
        job: message.job,
        message: error instanceof Error ? error.message : String(error),
      };
      port.postMessage(reply);
    }
  });
}
