// Shared memory the build's workers read seed files into (see SharedSeedMemory).

import { MAX_SEED_BYTES } from "./parseSeed";

/**
 * Where a worker reads seed files, a batch (a "parse" job) after another:
 * blocks of SharedArrayBuffer, each batch's files one after the other in one
 * block. Posted to the main thread, and by it to the worker making a story,
 * a view of a block is shared, not copied: the files are read into memory
 * once and never copied. (Copied into a growing buffer of each batch's own,
 * then that sliced, then joined by the main thread for each story job, they
 * took a build of 100,000 long stories (385 MB) some 2.3 s of CPU, profiled,
 * most of it page faults: memory touched for the first time costs this
 * machine about 16 µs of CPU per 4 KiB page.) A block is freed once no
 * thread views it.
 */
export class SharedSeedMemory {
  private block: Uint8Array<SharedArrayBuffer>;
  private used = 0;
  private start = 0;

  /** Memory in blocks of `blockBytes` (or twice a batch that would not fit one). */
  constructor(private readonly blockBytes = 32 * 2 ** 20) {
    this.block = this.allocate(0);
  }

  /** A block for a batch at least `bytes` long. */
  private allocate(bytes: number): Uint8Array<SharedArrayBuffer> {
    return new Uint8Array(new SharedArrayBuffer(Math.max(this.blockBytes, 2 * bytes)));
  }

  /** A batch begins. */
  begin(): void {
    this.start = this.used;
  }

  /** The batch's bytes so far. */
  get length(): number {
    return this.used - this.start;
  }

  /**
   * The room for the next file, MAX_SEED_BYTES + 1 long (see readSeed: a
   * bigger file is refused by its size, unread); a batch
   * that would not fit in its block is moved to a new one.
   */
  room(): Uint8Array<SharedArrayBuffer> {
    if (this.block.length - this.used <= MAX_SEED_BYTES) {
      const batch = this.block.subarray(this.start, this.used);
      this.block = this.allocate(batch.length + MAX_SEED_BYTES + 1);
      this.block.set(batch);
      this.start = 0;
      this.used = batch.length;
    }
    return this.block.subarray(this.used, this.used + MAX_SEED_BYTES + 1);
  }

  /** Keeps the `length` bytes just read into `room()`; returns the batch's length. */
  keep(length: number): number {
    this.used += length;
    return this.length;
  }

  /** The batch's bytes. */
  batch(): Uint8Array<SharedArrayBuffer> {
    return this.block.subarray(this.start, this.used);
  }
}
