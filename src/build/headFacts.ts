// What planning needs of a plain-text seed, read from its front matter alone: the build's first
// pass reads every seed, and a body is checked when its story is made (see buildWorker.ts).

import { Buffer, isUtf8 } from "node:buffer";
import { forbiddenCharacter } from "../core/forbiddenCharacter";
import { eachLine, textStart } from "./decodeSeed";
import { splitFrontMatter } from "./frontMatter";
import { MAX_SEED_BYTES } from "./parseSeed";
import { seedFacts, type SeedFacts } from "./storyOf";

/**
 * The facts of the `txt` seed in `bytes` (its front-matter dates and lead
 * photo), from the lines up to the end of its front matter, decoded and split
 * as parseSeed does; null when the seed is not plainly sound up to there
 * (empty or too big, not UTF-8, a forbidden character, front matter that is
 * broken or never closed): parseSeed then reads it whole and says why.
 * Whatever the rest of the file holds, parseSeed finds these same facts.
 */
export function headFacts(bytes: Uint8Array): SeedFacts | null {
  if (bytes.length === 0 || bytes.length > MAX_SEED_BYTES) return null;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isUtf8(text)) return null;
  const lines: string[] = [];
  let sound = true;
  eachLine(text, textStart(text), (from, to) => {
    const line = text.toString("utf8", from, to);
    if (forbiddenCharacter(line)) return (sound = false);
    lines.push(line);
    // No front matter: nothing more to read. Else up to the line that closes it.
    return lines.length === 1 ? line.trimEnd() === "---" : line.trimEnd() !== "---";
  });
  if (!sound) return null;
  const split = splitFrontMatter(lines);
  return split.problems.length > 0 ? null : seedFacts({ frontMatter: split.frontMatter });
}
