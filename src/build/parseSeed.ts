// Parses one seed file into a story draft, collecting every problem with its line.

import { Buffer } from "node:buffer";
import { forbiddenCharacter } from "../core/forbiddenCharacter";
import { decodeSeed } from "./decodeSeed";
import { splitFrontMatter, type FrontMatter } from "./frontMatter";
import { parseMarkdown, type MarkdownBody } from "./parseMarkdown";
import type { Problem } from "./problem";

/** A seed's text content before dates and identity are attached. */
export interface SeedDraft {
  readonly title: string;
  /** Plain text of each paragraph (of each block, for Markdown). */
  readonly paragraphs: string[];
  readonly frontMatter: FrontMatter;
  /** Markdown seeds: the parsed body, rendered once the photos it shows are inspected. */
  readonly markdown?: MarkdownBody;
  /**
   * `txt` seeds: where each paragraph's UTF-8 bytes are in the file parsed
   * (start, end offsets, flat), so that a story's JSON can copy them (see
   * storyJsonBytes) rather than encode its paragraphs again.
   */
  readonly paragraphBytes?: readonly number[];
}

/**
 * Largest seed accepted. Far above any news story (about 40,000 words), and it
 * keeps a chunk of 50 stories well under Workers Static Assets' 25 MiB per file.
 */
export const MAX_SEED_BYTES = 256 * 1024;

/** The problem of a seed of `size` bytes, over MAX_SEED_BYTES. */
export function tooLong(file: string, size: number): Problem {
  return {
    file,
    message: `seed is ${(size / 1024).toFixed(0)} KiB; the limit is ${MAX_SEED_BYTES / 1024} KiB (a story this long is probably not one story)`,
  };
}
/** Longest headline accepted, in characters. */
export const MAX_HEADLINE_LENGTH = 1000;

/**
 * Parses `bytes` of the seed called `file`, a `txt` seed (a headline line, then a
 * paragraph per line) or an `md` one (Markdown); returns the draft or the problems found.
 */
export function parseSeed(
  file: string,
  bytes: Uint8Array,
  format: "txt" | "md" = "txt",
): { draft: SeedDraft } | { problems: Problem[] } {
  if (bytes.length === 0)
    return {
      problems: [{ file, message: "empty file: a seed needs a headline and at least one paragraph" }],
    };
  if (bytes.length > MAX_SEED_BYTES) return { problems: [tooLong(file, bytes.length)] };
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
  // Broken front matter hides where the body starts and whether it set the title:
  // checking the body now would only report the same mistake again, in other words.
  if (split.problems.length > 0) return { problems };

  if (format === "md") return markdownDraft(file, split, problems);
  // Every non-empty line counts; surrounding blanks (including trailing spaces) do not.
  const body = split.bodyLines
    .map((raw, i) => ({ text: raw.trim(), line: split.bodyStart + i, raw }))
    .filter((entry) => entry.text !== "");
  const headline = split.frontMatter.title === undefined ? body.shift() : undefined;
  const title = split.frontMatter.title ?? headline?.text;
  // Where the headline is: its body line, or the front matter that set it.
  const headlineLine = headline?.line ?? (split.frontMatter.title === undefined ? split.bodyStart : 1);
  if (title === undefined) {
    problems.push({
      file,
      line: headlineLine,
      message: "no headline: the first non-empty line is the headline, each following one a paragraph",
    });
  } else if ([...title].length > MAX_HEADLINE_LENGTH) {
    problems.push({
      file,
      line: headlineLine,
      message: `headline is ${[...title].length} characters; the limit is ${MAX_HEADLINE_LENGTH}`,
    });
  } else if (body.length === 0 && split.frontMatter.draft !== true) {
    problems.push({
      file,
      line: headlineLine,
      message:
        "headline only: a story needs at least one paragraph after the headline (or draft: true while writing)",
    });
  }
  if (problems.length > 0 || title === undefined) return { problems };
  const paragraphBytes: number[] = [];
  for (const { raw, text, line } of body) {
    // The line's bytes less those of the white space trimmed off either end (rarely any).
    const from = decoded.spans[2 * (line - 1)]!;
    const to = decoded.spans[2 * (line - 1) + 1]!;
    const lead = raw.length - raw.trimStart().length;
    const trail = raw.length - lead - text.length;
    paragraphBytes.push(
      lead === 0 ? from : from + Buffer.byteLength(raw.slice(0, lead)),
      trail === 0 ? to : to - Buffer.byteLength(raw.slice(raw.length - trail)),
    );
  }
  return {
    draft: {
      title,
      paragraphs: body.map((entry) => entry.text),
      frontMatter: split.frontMatter,
      paragraphBytes,
    },
  };
}

/** The draft of a Markdown seed: headline from front matter or the first `# ` heading, blocks as paragraphs. */
function markdownDraft(
  file: string,
  split: ReturnType<typeof splitFrontMatter>,
  problems: Problem[],
): { draft: SeedDraft } | { problems: Problem[] } {
  const { frontMatter } = split;
  const markdown = parseMarkdown(
    split.bodyLines.join("\n"),
    split.bodyStart,
    frontMatter.title !== undefined,
  );
  for (const p of markdown.problems) problems.push({ file, ...p });
  // A body that could not be read (too deep) has no headline to check: say it once.
  if (markdown.problems.length > 0) return { problems };
  const title = frontMatter.title ?? markdown.title;
  const line = frontMatter.title !== undefined ? 1 : split.bodyStart;
  if (title === undefined || title === "") {
    problems.push({
      file,
      line,
      message: "no headline: set front matter 'title' or start the story with a '# ' heading",
    });
  } else if ([...title].length > MAX_HEADLINE_LENGTH) {
    problems.push({
      file,
      line,
      message: `headline is ${[...title].length} characters; the limit is ${MAX_HEADLINE_LENGTH}`,
    });
  } else if (markdown.blocks.length === 0 && frontMatter.draft !== true) {
    problems.push({
      file,
      line,
      message:
        "headline only: a story needs at least one paragraph after the headline (or draft: true while writing)",
    });
  }
  if (problems.length > 0 || title === undefined) return { problems };
  return { draft: { title, paragraphs: [...markdown.blocks], frontMatter, markdown } };
}
