// `npm run new -- "Headline"`: creates the next seed as a draft and prints its path and future URL.
// `npm run new -- --md "Headline"` creates a Markdown seed instead.

import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { slugify } from "../core/slugify";
import { storyPath } from "../core/storyPath";
import { forbiddenCharacter } from "../core/forbiddenCharacter";
import { newSeedName } from "./newSeedName";
import { MAX_HEADLINE_LENGTH } from "./parseSeed";
import { parseSeedFileName } from "./seedFileName";
import { productionVars } from "./productionVars";

const root = resolve(import.meta.dirname, "../..");
const seedsDir = resolve(process.env.SEEDS_DIR ?? resolve(root, "seeds"));
const args = process.argv.slice(2);
const format = args.includes("--md") ? "md" : "txt";
const headline = args
  .filter((arg) => arg !== "--md")
  .join(" ")
  .trim();

function fail(message: string): never {
  console.error(`new: ${message}`);
  process.exit(1);
}

/** Every seed id git has ever seen in the folder, deleted or renamed ones included. */
function idsInHistory(dir: string): Set<string> {
  try {
    const names = execFileSync(
      "git",
      ["-C", dir, "log", "--all", "--format=", "--name-only", "--relative", "--", "."],
      {
        encoding: "utf8",
        maxBuffer: 1 << 28,
        stdio: ["ignore", "pipe", "ignore"],
      },
    );
    return new Set(
      names
        .split("\n")
        .map((name) => parseSeedFileName(name.split("/").at(-1) ?? ""))
        .flatMap((p) => ("error" in p ? [] : [p.id])),
    );
  } catch {
    return new Set(); // not a git work tree
  }
}

if (!headline) fail('give the headline: npm run new -- "Headline of the story"');
if ([...headline].length > MAX_HEADLINE_LENGTH)
  fail(`the headline is longer than ${MAX_HEADLINE_LENGTH} characters`);
if (forbiddenCharacter(headline)) fail("the headline holds a control character");
if (!existsSync(seedsDir)) fail(`no seeds folder at ${relative(process.cwd(), seedsDir) || "."}`);

const name = newSeedName(readdirSync(seedsDir), idsInHistory(seedsDir), undefined, format);
const path = join(seedsDir, name);
// A draft until the editor removes the line: the build accepts a draft with no paragraphs yet,
// and production never serves it.
// Markdown: the headline goes in front matter (as a JSON string, which is YAML), so no character of
// it can be read as Markdown.
const text =
  format === "md"
    ? `---\ntitle: ${JSON.stringify(headline)}\ndraft: true\n---\n`
    : `---\ndraft: true\n---\n${headline}\n`;
writeFileSync(path, text, { flag: "wx" });
const id = (parseSeedFileName(name) as { id: string }).id;
console.log(relative(process.cwd(), path));
console.error(
  `new: created a draft; ${format === "md" ? "write the story in Markdown under the front matter" : "write one paragraph per line under the headline"}, then delete "draft: true" to publish. URL: ${(productionVars(join(root, "wrangler.toml")).SITE_URL ?? "").replace(/\/+$/, "")}${storyPath({ id, slug: slugify(headline) })}`,
);
