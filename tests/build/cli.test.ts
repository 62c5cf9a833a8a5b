import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seedsFolder, tempFolder } from "./seedsFolder";

const TSX = join("node_modules", ".bin", "tsx");

function runBuild(seedsDir: string, outFile: string) {
  return spawnSync(TSX, ["src/build/cli.ts"], {
    encoding: "utf8",
    env: {
      ...process.env,
      SEEDS_DIR: seedsDir,
      CONTENT_MODULE: outFile,
      ASSETS_DIR: join(outFile, "..", "assets"),
      SOURCE_DATE_EPOCH: "1767225600",
    },
  });
}

describe("npm run build", () => {
  it("fails with exit 1, lists each problem as file:line: message, shows no stack, writes nothing", () => {
    const dir = seedsFolder({ "001_a.txt": "Headline\nbad\u0001char\n", "002_b.txt": "Headline only\n" });
    const out = join(tempFolder(), "content.ts");
    const run = runBuild(dir, out);
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split("\n");
    expect(lines).toEqual([
      expect.stringMatching(/001_a\.txt:2: character U\+0001 at column 4 is not allowed/),
      expect.stringMatching(/002_b\.txt:1: headline only/),
      "build failed: 2 problem(s) in 2 file(s); nothing was written",
    ]);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it("writes the module, and leaves it untouched when nothing changed", () => {
    const dir = seedsFolder({ "001_a.txt": "Headline\nBody.\n" });
    const out = join(tempFolder(), "content.ts");
    const first = runBuild(dir, out);
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(
      /built .*: 1 story; first build \(10 file\(s\) written, 0 removed; 7 asset files of 20000\)/,
    );
    // Assets: the chunk, the index file, the directory, an id file, a search shard and a summary
    // block; then the module, the manifest and the (empty) media manifest.
    const before = statSync(out).mtimeMs;
    const text = readFileSync(out, "utf8");
    const second = runBuild(dir, out);
    expect(second.stderr).toMatch(
      /built .*: 1 story; no changes since the last build \(output unchanged; 7 asset files of 20000\)/,
    );
    expect(statSync(out).mtimeMs).toBe(before);
    expect(readFileSync(out, "utf8")).toBe(text);
  });

  it("keeps the shipped seed byte for byte as it was given", () => {
    const shipped = execFileSync("git", ["hash-object", "seeds/000_a24f3107751dc8e8.txt"], {
      encoding: "utf8",
    });
    expect(shipped.trim()).toBe("2b1b4895451bc3a766f0959fc038bebb7750df77");
  });
});
