// Keeps `npm run bench` from rotting: a tiny run must complete and print its table. It asserts no timing.

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempFolder } from "./seedsFolder";

describe("npm run bench (smoke)", () => {
  it("builds N=10, measures every route beside its baseline, prints the table and writes JSON", () => {
    const out = join(tempFolder(), "bench.json");
    const run = spawnSync(join("node_modules", ".bin", "tsx"), ["bench/run.ts"], {
      encoding: "utf8",
      env: {
        ...process.env,
        BENCH_SIZES: "10",
        BENCH_DURATION: "1",
        BENCH_ROUNDS: "1",
        BENCH_CPU_ITERATIONS: "20",
        BENCH_STARTUP_REPEATS: "1",
        BENCH_CONNECTIONS: "2",
        BENCH_PHOTOS: "4",
        BENCH_SEARCH_SIZES: "",
        BENCH_MEDIA_STORIES: "40",
        BENCH_MEDIA_PHOTOS: "10",
        BENCH_MEDIA_UPLOAD_PHOTOS: "5",
        BENCH_MEDIA_REQUESTS: "50",
        BENCH_MEDIA_MEMORY_REQUESTS: "50",
        BENCH_OUT: out,
      },
    });
    expect(run.status, run.stderr).toBe(0);
    for (const route of [
      "home",
      "rss",
      "atom",
      "json",
      "permalink",
      "rss 304",
      "404",
      "search rare",
      "search common",
      "search 3 words",
      "search none",
      "old permalink",
      "deep home page",
      "archive page 1",
      "sitemap 1",
      "topic page",
      "deep topic page",
      "rare topic page",
      "topic feed",
      "topic archive 1",
    ]) {
      expect(run.stdout).toContain(`| 10 | ${route} |`);
    }
    expect(run.stdout).toMatch(/\| 4 \(2\) \| [\d.]+ \| [\d.]+ \| [\d.]+ \| \d+ \|/);
    // Photos in R2: the same asset files with photos as without, and the uploads of each step.
    expect(run.stdout).toMatch(/\| 40 \| 10 \| (\d+) \| \1 \| yes \| 60 \|/);
    expect(run.stdout).toMatch(
      /\| cold encoder cache, empty bucket \| [\d.]+ \| 30 \/ 0 \| 30 \| 30 \| 0 \| 0 \|/,
    );
    expect(run.stdout).toMatch(
      /\| one story with one photo added \| [\d.]+ \| 6 \/ 30 \| 36 \| 6 \| 0 \| 30 \|/,
    );
    const written = JSON.parse(readFileSync(out, "utf8"));
    expect(written.photos.page.photoBytesDpr2).toBeGreaterThan(0);
    expect(written.results[0].stories).toBe(10);
    expect(written.results[0].routes).toHaveLength(20);
    // A cold isolate's reads per route, measured for the routes deep in the archive too.
    expect(written.results[0].cold["old permalink"].files).toBeGreaterThan(0);
    expect(run.stdout).toMatch(/\| old permalink \| \d+ \/ \d+ \/ [\d.]+ \|/);
    expect(Object.keys(written.results[0].search.queries)).toEqual([
      "rare",
      "common",
      "three",
      "none",
      "commonPhrase",
      "rarePhrase",
      "nonePhrase",
      "deepPhrase",
    ]);
    expect(run.stdout).toMatch(/\| 10 \| \d+ \| \d+ \| \d+ \| nonePhrase \| "\S+ \S+" \| 0 \|/);
    expect(run.stdout).toMatch(/\| 10 \| \d+ \| \d+ \| \d+ \| rare \|/);
    expect(written.results[0].routes.every((r: { errors: number }) => r.errors === 0)).toBe(true);
  }, 300_000);
});
