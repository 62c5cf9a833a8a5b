import { readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundledScript } from "../../src/build/workerScript";
import { tempFolder } from "./seedsFolder";

/**
 * Writes a source file dated a minute ago: one changed within the last second
 * of a bundling is not cached (it may have changed while esbuild read it).
 */
function source(path: string, text: string): void {
  writeFileSync(path, text);
  const past = new Date(Date.now() - 60_000);
  utimesSync(path, past, past);
}

describe("bundledScript", () => {
  it("bundles once, then serves the cache while every input holds the same bytes", async () => {
    const root = tempFolder();
    source(join(root, "entry.ts"), 'import { word } from "./word";\nconsole.log(word);\n');
    source(join(root, "word.ts"), 'export const word: string = "first";\n');
    const cacheFile = join(root, "cache", "bundle.json");

    const first = await bundledScript(root, "entry.ts", cacheFile);
    expect(first).toContain('"first"');
    const cache = JSON.parse(readFileSync(cacheFile, "utf8")) as { sources: object; script: string };
    expect(Object.keys(cache.sources).sort()).toEqual([
      "file:entry.ts",
      "file:package.json",
      "file:tsconfig.json",
      "file:word.ts",
      "names:.",
    ]);

    // A cache hit returns what the cache holds: marked, to tell it from a new bundle.
    writeFileSync(cacheFile, JSON.stringify({ ...cache, script: `${cache.script}// from the cache\n` }));
    expect(await bundledScript(root, "entry.ts", cacheFile)).toContain("// from the cache");

    // An imported file changed: bundled again, and the cache replaced.
    source(join(root, "word.ts"), 'export const word: string = "second";\n');
    const second = await bundledScript(root, "entry.ts", cacheFile);
    expect(second).toContain('"second"');
    expect(second).not.toContain("// from the cache");
    expect(await bundledScript(root, "entry.ts", cacheFile)).toBe(second);

    // A new file that an import now resolves to (esbuild tries .tsx before .ts): bundled again.
    source(join(root, "word.tsx"), 'export const word: string = "third";\n');
    const third = await bundledScript(root, "entry.ts", cacheFile);
    expect(third).toContain('"third"');

    // A cache from another Node or esbuild, or not a bundle at all, is not used.
    const current = JSON.parse(readFileSync(cacheFile, "utf8")) as { script: string };
    const marked = { ...current, script: `${current.script}// stale\n` };
    writeFileSync(cacheFile, JSON.stringify(marked));
    expect(await bundledScript(root, "entry.ts", cacheFile)).toContain("// stale");
    for (const stale of [{ ...marked, node: "0.0.0" }, { ...marked, esbuild: "0.0.0" }, "not json"]) {
      writeFileSync(cacheFile, typeof stale === "string" ? stale : JSON.stringify(stale));
      expect(await bundledScript(root, "entry.ts", cacheFile)).toBe(third);
    }
  });

  it("does not cache a bundle of files changed as it was made", async () => {
    const root = tempFolder();
    writeFileSync(join(root, "entry.ts"), 'console.log("now");\n');
    const cacheFile = join(root, "bundle.json");
    expect(await bundledScript(root, "entry.ts", cacheFile)).toContain('"now"');
    expect(() => readFileSync(cacheFile)).toThrow();
  });
});
