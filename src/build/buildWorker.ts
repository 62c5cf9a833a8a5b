// A build worker thread (see buildPool.ts): parses seeds for the plan, then makes the planned
// stories chunk by chunk: their JSON, what the index needs of them and their search terms.

import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import type { IndexedStory } from "../core/indexEntry";
import type { Listing } from "../core/search/indexFormat";
import { ChunkEmitter, encodeStory } from "./archiveFiles";
import { headFacts } from "./headFacts";
import { JsonLinesBuilder } from "./jsonLinesBuilder";
import type { SourceImage } from "./mediaVariants";
import { parseSeed, type SeedDraft } from "./parseSeed";
import type { ParseOutcome, SeedFile } from "./planSeeds";
import { readSeed } from "./readSeed";
import { SharedSeedMemory } from "./sharedSeedMemory";
import { DocTerms, listing, memoizedTermIds } from "./searchIndex";
import { seedFacts, storyOf, type PlannedSeed } from "./storyOf";
import {
  SeedProblems,
  type SeedBytes,
  type StoriesMade,
  type StoriesSetup,
  type WorkerJob,
  type WorkerReply,
  type WorkerSetup,
} from "./workerProtocol";
import { Staging, type StagedFile } from "./writeAll";

/** Makes stories from their seeds' files, and stages their chunks. */
export class StoryMaker {
  private setup: StoriesSetup | null = null;
  private images = new Map<string, SourceImage>();
  /** The files staged, part of the main thread's staging (its suffix): undone here if the build fails. */
  private staging: Staging | null = null;
  private readonly tokenizer = memoizedTermIds();
  private readonly doc = new DocTerms();
  /** Where each job's chunk is gathered, its buffer kept from job to job. */
  private readonly lines = new JsonLinesBuilder();
  private sent = 0;

  begin(setup: StoriesSetup): void {
    this.setup = setup;
    this.images = new Map(setup.images);
    this.staging = new Staging(setup.suffix);
  }

  /**
   * Deletes the files staged and the folders made for them, whether the main
   * thread took them on or not; returns those folders.
   */
  abort(): string[] {
    return this.staging?.abort() ?? [];
  }

  /** The stories of `seeds`, ordinals `first` ... (a chunk's), from `files`. */
  make(first: number, seeds: readonly PlannedSeed[], files: readonly Uint8Array[]): StoriesMade {
    const { setup, staging } = this;
    if (!setup || !staging) throw new Error("stories asked for before the build began");
    const staged: [string, StagedFile][] = [];
    const chunks = new ChunkEmitter(
      setup.layout,
      (path, content) => staged.push([path, staging.stage(join(setup.assetsDir, path), content)]),
      first,
      this.lines,
    );
    const digests: string[] = [];
    const indexed: IndexedStory[] = [];
    const listings: Listing[] = [];
    const docs = new DocsBuilder();
    seeds.forEach((seed, i) => {
      const parsed = draftOf(seed, files[i]!);
      const story = storyOf(seed, parsed, this.images);
      const spans = parsed.paragraphBytes;
      const { json, digest } = encodeStory(story, spans && { bytes: files[i]!, spans });
      digests.push(digest);
      chunks.add(story.id, json);
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
      docs.add(this.doc.length, this.doc.pairs);
    });
    chunks.finish();
    const terms = this.tokenizer.terms.slice(this.sent);
    this.sent = this.tokenizer.terms.length;
    return { digests, indexed, listings, terms, docs: docs.finish(), staged };
  }
}

/**
 * StoriesMade.docs, story by story. (Pushing each story's pairs onto an array
 * with a spread, then Uint32Array.from, took about as long as making the
 * stories' JSON: tens of millions of numbers.)
 */
class DocsBuilder {
  private values = new Uint32Array(1 << 16);
  private length = 0;

  /** Adds a story: its length in terms and its (term id, frequency) pairs. */
  add(length: number, pairs: readonly number[]): void {
    const needed = this.length + 2 + pairs.length;
    if (needed > this.values.length) {
      const grown = new Uint32Array(Math.max(needed, 2 * this.values.length));
      grown.set(this.values.subarray(0, this.length));
      this.values = grown;
    }
    const { values } = this;
    let at = this.length;
    values[at++] = length;
    values[at++] = pairs.length / 2;
    for (let i = 0; i < pairs.length; i++) values[at++] = pairs[i]!;
    this.length = at;
  }

  /** The values added, in a buffer of their own (transferred to the main thread). */
  finish(): Uint32Array<ArrayBuffer> {
    return this.values.slice(0, this.length);
  }
}

/** The draft of a seed planned from `bytes`, its file (checked whole or up to its front matter). */
function draftOf(seed: PlannedSeed, bytes: Uint8Array): SeedDraft {
  const parsed = parseSeed(seed.name, bytes, seed.format);
  if ("problems" in parsed) throw new SeedProblems(`${seed.name} has problems past its front matter`);
  return parsed.draft;
}

/**
 * Parses `seeds`: each one's facts for the plan, or its problems, and the
 * files of those without problems, to make their stories from later without
 * reading them again. Unless `whole`, a `txt` seed sound up to the end of its
 * front matter is taken on its facts there (headFacts: a fifth of a whole
 * parse for a long story); the rest of it is checked when its story is made.
 * The files are read straight into `memory`, shared with the other threads.
 */
export function parseSeeds(
  seedsDir: string,
  seeds: readonly SeedFile[],
  whole = true,
  memory = new SharedSeedMemory(),
): { notable: [number, ParseOutcome][]; files: SeedBytes } {
  const ends = new Uint32Array(seeds.length);
  const notable: [number, ParseOutcome][] = [];
  memory.begin();
  seeds.forEach((seed, i) => {
    const room = memory.room();
    const bytes = readSeed(seedsDir, seed, room);
    if ("problems" in bytes) {
      ends[i] = memory.length;
      notable.push([i, bytes]);
      return;
    }
    const head = whole || seed.format !== "txt" ? null : headFacts(bytes);
    const parsed = head ? { facts: head } : parseSeed(seed.file, bytes, seed.format);
    if ("problems" in parsed) {
      ends[i] = memory.length;
      notable.push([i, parsed]);
      return;
    }
    // A file too big for the room has problems (MAX_SEED_BYTES): a sound one was read into it.
    if (bytes.buffer !== room.buffer) throw new Error(`${seed.file} was not read into the shared memory`);
    ends[i] = memory.keep(bytes.length);
    const facts = "facts" in parsed ? parsed.facts : seedFacts(parsed.draft);
    if (facts.date || facts.updated || facts.photos.length > 0) notable.push([i, { facts }]);
  });
  return { notable, files: { bytes: memory.batch(), ends } };
}

if (parentPort) {
  const port = parentPort;
  const { seedsDir } = workerData as WorkerSetup;
  const maker = new StoryMaker();
  const memory = new SharedSeedMemory();
  port.on("message", (message: WorkerJob) => {
    if (message.kind === "begin") return maker.begin(message.begin);
    if (message.kind === "abort") {
      return port.postMessage({ kind: "aborted", made: maker.abort() } satisfies WorkerReply);
    }
    try {
      if (message.kind === "parse") {
        const parsed = parseSeeds(seedsDir, message.seeds, message.whole, memory);
        const reply: WorkerReply = { kind: "parse", job: message.job, ...parsed };
        port.postMessage(reply, [parsed.files.ends.buffer]);
      } else {
        const made = maker.make(message.first, message.seeds, message.files);
        const reply: WorkerReply = { kind: "stories", job: message.job, ...made };
        port.postMessage(reply, [made.docs.buffer]);
      }
    } catch (error) {
      const reply: WorkerReply = {
        kind: "failed",
        job: message.job,
        message: error instanceof Error ? error.message : String(error),
        ...(error instanceof SeedProblems ? { seedProblems: true as const } : {}),
      };
      port.postMessage(reply);
    }
  });
}
