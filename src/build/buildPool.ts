// Worker threads that parse seeds and make stories for the build (see buildWorker.ts), each job's
// answer taken in the order the jobs were given, whichever worker finishes first.

import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { ParseOutcome, SeedParser } from "./planSeeds";
import { filesLookCold, prefetch } from "./prefetchSeeds";
import {
  PLAIN,
  SeedProblems,
  type SeedBytes,
  type StoriesMade,
  type StoriesSetup,
  type WorkerJob,
  type WorkerReply,
  type WorkerSetup,
} from "./workerProtocol";
import type { PlannedSeed } from "./storyOf";

/** Jobs given to a worker before it answers: one to work on, one waiting, so it never idles. */
const DEPTH = 2;
/** Seeds parsed per job. */
const PARSE_BATCH = 500;

/**
 * How many workers a build of a folder of `entries` entries (its seeds, and
 * media/) uses: one per core (up to 4), or none for a folder under 2,000
 * (starting the workers costs more than it saves there). BUILD_WORKERS sets
 * the number.
 */
export function poolSize(entries: number): number {
  const wanted = Number(process.env.BUILD_WORKERS);
  if (Number.isInteger(wanted) && wanted >= 0 && process.env.BUILD_WORKERS !== "") return wanted;
  return entries < 2000 ? 0 : Math.max(1, Math.min(4, availableParallelism()));
}

export class BuildPool {
  private readonly workers: Worker[];
  private handler: ((reply: WorkerReply, worker: number) => void) | null = null;
  private failed: ((error: Error) => void) | null = null;
  /** The files `parse` read, by batch, and how many of each batch's seeds `stories` has yet to make. */
  private readonly files: ((SeedBytes & { left: number }) | null)[] = [];
  /** Why a worker stopped, once one has: the pool takes no more jobs. */
  private broken: Error | null = null;
  private readonly stopped = new Set<Worker>();

  /** Starts `size` workers running `script` (see workerScript). */
  constructor(
    private readonly seedsDir: string,
    size: number,
    script: string,
  ) {
    const setup: WorkerSetup = { seedsDir };
    this.workers = Array.from({ length: size }, (_, index) => {
      // Each worker's young generation bounded, so that several of them do not add up to hundreds of MB.
      const worker = new Worker(script, {
        eval: true,
        workerData: setup,
        resourceLimits: { maxYoungGenerationSizeMb: 48 },
      });
      worker.on("message", (reply: WorkerReply) => this.handler?.(reply, index));
      const fail = (error: Error): void => {
        this.broken ??= error;
        this.failed?.(error);
      };
      worker.on("error", fail);
      worker.on("exit", (code) => {
        this.stopped.add(worker);
        fail(new Error(`a build worker stopped (exit code ${code})`));
      });
      return worker;
    });
  }

  /** How many workers the pool has. */
  get size(): number {
    return this.workers.length;
  }

  /**
   * Parses seeds in the workers (a SeedParser for planSeeds), keeping their
   * files' bytes for `stories`: a million small files cost more to open again
   * than to keep (about 300 MB at a million short stories). A `txt` seed is
   * checked up to the end of its front matter, all planning needs of it; the
   * rest when `stories` makes it, which fails with SeedProblems if it must.
   */
  readonly parse: SeedParser = (seeds, progress) => this.parseSeeds(seeds, progress, false);

  /** `parse`, each seed checked whole: every problem of every seed (see SeedProblems). */
  readonly parseWhole: SeedParser = (seeds, progress) => this.parseSeeds(seeds, progress, true);

  private async parseSeeds(
    seeds: Parameters<SeedParser>[0],
    progress: Parameters<SeedParser>[1],
    whole: boolean,
  ): Promise<ParseOutcome[]> {
    const outcomes: ParseOutcome[] = [];
    this.files.length = 0;
    // Seeds not in the page cache are read ahead of the workers, many at once (see prefetchSeeds).
    let given = 0;
    const pathOf = (i: number): string => join(this.seedsDir, seeds[i]!.name);
    const cold = !whole && filesLookCold(seeds.length, pathOf);
    const ahead = cold ? prefetch(seeds.length, pathOf, () => given) : null;
    try {
      await this.run(
        Math.ceil(seeds.length / PARSE_BATCH),
        (job) => {
          given = (job + 1) * PARSE_BATCH;
          return { kind: "parse", job, seeds: seeds.slice(job * PARSE_BATCH, given), whole };
        },
        (reply) => {
          if (reply.kind !== "parse") throw new Error(`unexpected ${reply.kind} reply`);
          const from = outcomes.length;
          for (let i = 0; i < reply.files.ends.length; i++) outcomes.push(PLAIN);
          for (const [i, outcome] of reply.notable) outcomes[from + i] = outcome;
          this.files.push({ ...reply.files, left: reply.files.ends.length });
          progress(outcomes.length);
        },
      );
    } finally {
      ahead?.stop();
    }
    return outcomes;
  }

  /**
   * Makes `seeds` (oldest first), a chunk of `setup.layout` a job, staging
   * the chunks, and hands each job's stories to `take`, in order, with the
   * worker that made them (its term ids are its own). Empties `seeds` as it
   * goes (a million planned seeds weigh some 200 MB).
   */
  async stories(
    seeds: (PlannedSeed | null)[],
    setup: StoriesSetup,
    take: (made: StoriesMade, worker: number) => void,
  ): Promise<void> {
    for (const worker of this.workers)
      worker.postMessage({ kind: "begin", begin: setup } satisfies WorkerJob);
    const perJob = setup.layout.chunkSize;
    await this.run(
      Math.ceil(seeds.length / perJob),
      (job) => {
        const some = seeds.slice(job * perJob, (job + 1) * perJob) as PlannedSeed[];
        seeds.fill(null, job * perJob, (job + 1) * perJob);
        return { kind: "stories", job, first: job * perJob, seeds: some, files: this.filesOf(some) };
      },
      (reply, worker) => {
        if (reply.kind !== "stories") throw new Error(`unexpected ${reply.kind} reply`);
        take(reply, worker);
      },
    );
  }

  /**
   * The files of `seeds`, in order, from those `parse` kept: views of the
   * memory they were read into, shared (see SharedSeedMemory); each batch let
   * go once all its seeds are out.
   */
  private filesOf(seeds: readonly PlannedSeed[]): Uint8Array[] {
    return seeds.map((seed) => {
      const batch = Math.floor(seed.seq / PARSE_BATCH);
      const files = this.files[batch];
      if (!files) throw new Error(`the file of ${seed.name} was not kept`);
      const at = seed.seq % PARSE_BATCH;
      const bytes = files.bytes.subarray(at === 0 ? 0 : files.ends[at - 1], files.ends[at]);
      if (--files.left === 0) this.files[batch] = null;
      return bytes;
    });
  }

  /**
   * Has each worker delete the files it staged and the folders it made, after
   * a failed `stories` (the main thread's staging knows only the files it
   * took on). A worker does so once done with the jobs it was given. Returns
   * the folders the workers made: one may have held another worker's files
   * when it tried, so the main thread tries again (ContentWriter.abort).
   */
  async abort(): Promise<string[]> {
    this.handler = null;
    this.failed = null;
    const made: string[] = [];
    const running = this.workers.filter((worker) => !this.stopped.has(worker));
    await Promise.all(
      running.map(
        (worker) =>
          new Promise<void>((resolve) => {
            const done = (): void => {
              worker.off("message", answer);
              worker.off("exit", done);
              resolve();
            };
            const answer = (reply: WorkerReply): void => {
              if (reply.kind !== "aborted") return;
              made.push(...reply.made);
              done();
            };
            worker.on("message", answer);
            worker.on("exit", done);
            worker.postMessage({ kind: "abort" } satisfies WorkerJob);
          }),
      ),
    );
    return made;
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    this.failed = null;
    this.broken ??= new Error("the build's workers are closed");
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  /**
   * Gives jobs 0 ... count-1 to the workers, at most DEPTH at a time each, and
   * takes the answers in job order. Answers that come early wait, but only a
   * few: no worker gets more than a window of jobs ahead of the oldest one
   * not yet taken, so memory stays flat however long the build.
   */
  private run(
    count: number,
    job: (index: number) => WorkerJob,
    take: (reply: WorkerReply, worker: number) => void,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const window = this.workers.length * DEPTH * 2;
      const busy = this.workers.map(() => 0);
      const ready = new Map<number, { reply: WorkerReply; worker: number }>();
      let next = 0;
      let taken = 0;
      const stop = (error: Error): void => {
        this.handler = null;
        this.failed = null;
        reject(error);
      };
      const give = (): void => {
        for (let w = 0; w < this.workers.length; w++) {
          while (busy[w]! < DEPTH && next < count && next - taken < window) {
            busy[w]!++;
            const message = job(next++);
            // A stories job's files are views of shared memory: posted, not copied.
            this.workers[w]!.postMessage(message);
          }
        }
      };
      if (this.broken) return reject(this.broken);
      this.failed = stop;
      this.handler = (reply, worker) => {
        if (reply.kind === "aborted") return;
        if (reply.kind === "failed")
          return stop(reply.seedProblems ? new SeedProblems(reply.message) : new Error(reply.message));
        busy[worker]!--;
        ready.set(reply.job, { reply, worker });
        try {
          for (let answer = ready.get(taken); answer; answer = ready.get(taken)) {
            ready.delete(taken++);
            take(answer.reply, answer.worker);
          }
        } catch (error) {
          return stop(error instanceof Error ? error : new Error(String(error)));
        }
        if (taken === count) {
          this.handler = null;
          this.failed = null;
          resolve();
        } else give();
      };
      if (count === 0) return resolve();
      give();
    });
  }
}
