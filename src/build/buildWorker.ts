// A build worker thread (see parallelBuild.ts): parses seeds for the plan, then makes the planned
// stories chunk by chunk: their JSON, what the index needs of them and their search terms.

import { Buffer } from "node:buffer";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import type { IndexedStory } from "../core/indexEntry";
import type { Listing } from "../core/search/indexFormat";
import type { SourceImage } from "./mediaVariants";
import { parseSeed, type SeedDraft } from "./parseSeed";
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
  | { readonly kind: "stories"; readonly job: number; readonly seeds: readonly PlannedSeed[] };

/** The stories of a "stories" job, in its order. */
export interface StoriesMade {
  /** Each story's JSON, UTF-8, one after the other. */
  readonly json: Uint8Array<ArrayBuffer>;
  /** Where each story's JSON ends in `json`. */
  readonly ends: Uint32Array<ArrayBuffer>;
  readonly indexed: IndexedStory[];
  readonly listings: Listing[];
  /** The terms this worker met since its last reply, appended to its vocabulary (ids are positions in it). */
  readonly terms: string[];
  /** Per story: its length, its count of terms n, then n (term id, frequency) pairs. */
  readonly docs: Uint32Array<ArrayBuffer>;
}

/** A worker's answer to a job. */
export type WorkerReply =
  | { readonly kind: "parse"; readonly job: number; readonly outcomes: ParseOutcome[] }
  | ({ readonly kind: "stories"; readonly job: number } & StoriesMade)
  | { readonly kind: "failed"; readonly job: number; readonly message: string };

/** Makes the stories of `seeds`, parsed again from their files. */
export class StoryMaker {
  private images = new Map<string, SourceImage>();
  private readonly tokenizer = memoizedTermIds();
  private readonly doc = new DocTerms();
  private sent = 0;

  constructor(private readonly seedsDir: string) {}

  setImages(images: readonly (readonly [string, SourceImage])[]): void {
    this.images = new Map(images);
  }

  make(seeds: readonly PlannedSeed[]): StoriesMade {
    const parts: Buffer[] = [];
    const ends = new Uint32Array(seeds.length);
    const indexed: IndexedStory[] = [];
    const listings: Listing[] = [];
    const docs: number[] = [];
    let end = 0;
    seeds.forEach((seed, i) => {
      const story = storyOf(seed, this.draft(seed), this.images);
      const json = Buffer.from(JSON.stringify(story));
      parts.push(json);
      ends[i] = end += json.length;
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
    // A buffer of its own (not a slice of Node's pool), so it can be transferred, not copied.
    const json = new Uint8Array(end);
    let at = 0;
    for (const part of parts) {
      json.set(part, at);
      at += part.length;
    }
    return { json, ends, indexed, listings, terms, docs: Uint32Array.from(docs) };
  }

  private draft(seed: PlannedSeed): SeedDraft {
    const parsed = parseSeed(seed.name, readFileSync(join(this.seedsDir, seed.name)), seed.format);
    if ("problems" in parsed) throw new Error(`${seed.name} changed during the build; build again`);
    return parsed.draft;
  }
}

/** Parses `seeds`: each one's facts for the plan, or its problems. */
export function parseSeeds(seedsDir: string, seeds: readonly SeedFile[]): ParseOutcome[] {
  return seeds.map((seed) => {
    const parsed = parseSeed(seed.file, readFileSync(join(seedsDir, seed.name)), seed.format);
    return "problems" in parsed ? parsed : { facts: seedFacts(parsed.draft) };
  });
}

if (parentPort) {
  const port = parentPort;
  const { seedsDir } = workerData as WorkerSetup;
  const maker = new StoryMaker(seedsDir);
  port.on("message", (message: WorkerJob) => {
    if (message.kind === "images") return maker.setImages(message.images);
    try {
      if (message.kind === "parse") {
        const reply: WorkerReply = {
          kind: "parse",
          job: message.job,
          outcomes: parseSeeds(seedsDir, message.seeds),
        };
        port.postMessage(reply);
      } else {
        const made = maker.make(message.seeds);
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
