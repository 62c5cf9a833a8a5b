import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_SEED_BYTES, tooLong } from "../../src/build/parseSeed";
import { readSeed } from "../../src/build/readSeed";
import { SharedSeedMemory } from "../../src/build/sharedSeedMemory";
import { tempFolder } from "./seedsFolder";

describe("SharedSeedMemory", () => {
  it("keeps each batch's files whole and in order, in shared memory, across blocks", () => {
    const dir = tempFolder();
    // Files of 1 byte to 100 KiB, in batches of 7: blocks of 400 KiB fill after a few files, so
    // batches are moved to a new block midway, and some files are not kept (a seed with problems).
    const files = Array.from({ length: 60 }, (_, i) => {
      const bytes = new Uint8Array(1 + ((i * 37_813) % (100 * 1024)));
      for (let k = 0; k < bytes.length; k++) bytes[k] = (i * 31 + k) % 251;
      const name = `${String(i).padStart(3, "0")}_seed.txt`;
      writeFileSync(join(dir, name), bytes);
      return { name, file: `seeds/${name}`, bytes, kept: i % 5 !== 3 };
    });
    const memory = new SharedSeedMemory(MAX_SEED_BYTES + 400 * 1024);
    const blocks = new Set<SharedArrayBuffer>();
    for (let from = 0; from < files.length; from += 7) {
      const batch = files.slice(from, from + 7);
      const ends: number[] = [];
      memory.begin();
      for (const file of batch) {
        const room = memory.room();
        const bytes = readSeed(dir, file, room);
        if (!(bytes instanceof Uint8Array)) throw new Error(`${file.name} was refused`);
        expect(bytes.buffer).toBe(room.buffer);
        ends.push(file.kept ? memory.keep(bytes.length) : memory.length);
      }
      const bytes = memory.batch();
      expect(bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
      blocks.add(bytes.buffer);
      batch.forEach((file, i) => {
        const own = bytes.subarray(i === 0 ? 0 : ends[i - 1], ends[i]);
        expect(Buffer.from(own).equals(file.kept ? file.bytes : new Uint8Array(0))).toBe(true);
      });
    }
    expect(blocks.size).toBeGreaterThan(3);
  });

  it("refuses a file too big for the room by its size, reading no more than the room", () => {
    const dir = tempFolder();
    writeFileSync(join(dir, "001_big.txt"), new Uint8Array(MAX_SEED_BYTES + 10).fill(0x61));
    const room = new SharedSeedMemory().room().subarray(0, MAX_SEED_BYTES + 1);
    const read = readSeed(dir, { name: "001_big.txt", file: "seeds/001_big.txt" }, room);
    expect(read).toEqual({ problems: [tooLong("seeds/001_big.txt", MAX_SEED_BYTES + 10)] });
  });
});
