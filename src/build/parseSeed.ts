// Parses one seed file into a story draft, collecting every problem with its line.

import { forbiddenCharacter } from "../core/forbiddenCharacter";
import { decodeSeed } from "./decodeSeed";
import { splitFrontMatter, type FrontMatter } from "./frontMatter";
import type { Problem } from "./problem";

/** A seed's text content before dates and identity are attached. */
export interface SeedDraft {
  readonly title: string;
  readonly paragraphs: string[];
  readonly frontMatter: FrontMatter;
}

/** Parses `bytes` of the seed called `file`; returns the draft or the problems found. */
export function parseSeed(file: string, bytes: Uint8Array): { draft: SeedDraft } | { problems: Problem[] } {
  if (bytes.length === 0)
    return {
      problems: [{ file, message: "empty file: a seed needs a headline and at least one paragraph" }],
    };
  const decoded = decodeSeed(bytes);
  if ("invalidLines" in decoded) {
    return {
      problems: decoded.invalidLines.map((line) => ({
        file,
        line,
        message: "not valid UTF-8 (save the file as UTF-8)",
      })),
    };
  }
  const problems: Problem[] = [];
  decoded.lines.forEach((text, i) => {
    const bad = forbiddenCharacter(text);
    if (bad) {
      problems.push({
        file,
        line: i + 1,
        message: `character ${bad.codePoint} at column ${bad.index + 1} is not allowed (XML 1.0 forbids control characters and U+FFFE/U+FFFF)`,
      });
    }
  });

  const split = splitFrontMatter(decoded.lines);
  for (const p of split.problems) problems.push({ file, ...p });

  // Every non-empty line counts; surrounding blanks (including trailing spaces) do not.
  const body = split.bodyLines
    .map((text, i) => ({ text: text.trim(), line: split.bodyStart + i }))
    .filter((entry) => entry.text !== "");
  const title = split.frontMatter.title ?? body.shift()?.text;
  if (title === undefined) {
    problems.push({
      file,
      line: split.bodyStart,
      message: "no headline: the first non-empty line is the headline, each following one a paragraph",
    });
  } else if (body.length === 0) {
    problems.push({
      file,
      line: split.bodyStart,
      message: "headline only: a story needs at least one paragraph after the headline",
    });
  }
  if (problems.length > 0 || title === undefined) return { problems };
  return { draft: { title, paragraphs: body.map((entry) => entry.text), frontMatter: split.frontMatter } };
}
