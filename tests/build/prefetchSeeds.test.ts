// Reading seeds ahead of the workers (prefetchSeeds.ts): each file once, in order, from where the
// workers are, whatever fails to open, and nothing more once stopped.

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { filesLookCold, prefetch } from "../../src/build/prefetchSeeds";
import { seedsFolder } from "./seedsFolder";

const names = Array.from({ length: 200 }, (_, i) => `${String(i).padStart(3, "0")}_s${i}.txt`);
const dir = seedsFolder(
  Object.fromEntries(names.map((name) => [name, `Headline\n${"Text. ".repeat(3000)}\n`])),
);

/** Runs prefetch over `count` files to its end; the indices it asked for. */
async function asked(count: number, pathOf: (i: number) => string, from: () => number, stopAt = -1) {
  const indices: number[] = [];
  let stop = (): void => {};
  const run = prefetch(
    count,
    (i) => {
      indices.push(i);
      if (indices.length === stopAt) stop();
      return pathOf(i);
    },
    from,
  );
  stop = run.stop;
  await run.done;
  return indices;
}

describe("prefetch", () => {
  it("reads every file once, in order", async () => {
    expect(
      await asked(
        names.length,
        (i) => join(dir, names[i]!),
        () => 0,
      ),
    ).toEqual(names.map((_, i) => i));
  });

  it("starts where the workers are, and skips ahead as they move", async () => {
    let workers = 50;
    const indices = await asked(
      names.length,
      (i) => {
        if (i === 100) workers = 150;
        return join(dir, names[i]!);
      },
      () => workers,
    );
    const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
    expect(indices).toEqual([...range(50, 101), ...range(150, 200)]);
  });

  it("goes on past files it cannot open", async () => {
    const indices = await asked(
      40,
      (i) => join(dir, i % 2 === 0 ? "missing.txt" : names[i]!),
      () => 0,
    );
    expect(indices).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it("reads at most 20,000 files ahead of the workers, and goes on as they move", async () => {
    const many = 20_100;
    let workers = 0;
    let calls = 0;
    let askedBeforeTheyMoved = -1;
    const indices = await asked(
      many,
      (i) => {
        calls++;
        // The workers move a while after it has gone as far ahead as it may.
        if (i === 19_999) {
          setTimeout(() => {
            askedBeforeTheyMoved = calls;
            workers = 100;
          }, 50);
        }
        return join(dir, "missing.txt");
      },
      () => workers,
    );
    expect(askedBeforeTheyMoved).toBe(20_000);
    expect(indices).toEqual(Array.from({ length: many }, (_, i) => i));
  });

  it("starts no read once stopped", async () => {
    // Stopped as it opens its 20th file: the reads under way end, and no other starts.
    const indices = await asked(
      names.length,
      (i) => join(dir, names[i]!),
      () => 0,
      20,
    );
    expect(indices).toHaveLength(20);
  });
});

describe("filesLookCold", () => {
  it("says nothing of files it cannot read, and samples spread over the list", () => {
    expect(filesLookCold(0, () => join(dir, "missing.txt"))).toBe(false);
    expect(filesLookCold(10, () => join(dir, "missing.txt"))).toBe(false);
    const sampled: number[] = [];
    filesLookCold(names.length, (i) => (sampled.push(i), join(dir, names[i]!)), 4);
    expect(sampled).toEqual([25, 75, 125, 175]);
  });
});
