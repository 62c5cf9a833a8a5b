import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundledScript } from "../../src/build/workerScript";
import { tempFolder } from "./seedsFolder";

describe("bundledScript", () => {
  it("bundles once, then serves the cache while every input holds the same bytes", async () => {
    const root = tempFolder();
    writeFileSync(join(root, "entry.ts"), 'import { word } from "./word";\nconsole.log(word);\n');
    writeFileSync(join(root, "word.ts"), 'export const word: string = "first";\n');
    const cacheFile = join(root, "cache", "bundle.json");

    const first = await bundledScript(root, "entry.ts", cacheFile);
    expect(first).toContain('"first"');
    const cache = JSON.parse(readFileSync(cacheFile, "utf8")) as { inputs: object; script: string };
    expect(Object.keys(cache.inputs).sort()).toEqual(["entry.ts", "word.ts"]);

    // A cache hit returns what the cache holds: marked, to tell it from a new bundle.
    writeFileSync(cacheFile, JSON.stringify({ ...cache, script: `${cache.script}// from the cache\n` }));
    expect(await bundledScript(root, "entry.ts", cacheFile)).toContain("// from the cache");

    // An imported file changed: bundled again, and the cache replaced.
    writeFileSync(join(root, "word.ts"), 'export const word: string = "second";\n');
    const second = await bundledScript(root, "entry.ts", cacheFile);
    expect(second).toContain('"second"');
    expect(second).not.toContain("// from the cache");
    expect(await bundledScript(root, "entry.ts", cacheFile)).toBe(second);

    // A cache from another Node or esbuild, or not a bundle at all, is not used.
    const current = JSON.parse(readFileSync(cacheFile, "utf8")) as { script: string };
    const marked = { ...current, script: `${current.script}// stale\n` };
    writeFileSync(cacheFile, JSON.stringify(marked));
    expect(await bundledScript(root, "entry.ts", cacheFile)).toContain("// stale");
    for (const stale of [{ ...marked, node: "0.0.0" }, { ...marked, esbuild: "0.0.0" }, "not json"]) {
      writeFileSync(cacheFile, typeof stale === "string" ? stale : JSON.stringify(stale));
      expect(await bundledScript(root, "entry.ts", cacheFile)).toBe(second);
    }
  });
});
