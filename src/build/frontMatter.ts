// Splits an optional YAML front-matter block off a seed and checks its keys and types.

import { parseDocument } from "yaml";
import { imageProblem } from "./parseMarkdown";

/** Reads one front-matter value: the value to keep, or why it cannot be (the key is named in the message). */
type Field<T> = (value: unknown, key: string, line: number) => { value: T } | { problem: string };

const text: Field<string> = (value, key) =>
  typeof value === "string" && value.trim() !== ""
    ? { value: value.trim() }
    : { problem: `front matter '${key}' must be a non-empty text` };

const date: Field<Date> = (value, key) => {
  const parsed = parseDate(value);
  return parsed
    ? { value: parsed }
    : {
        problem: `front matter '${key}' is not a date: ${JSON.stringify(String(value))} (use YYYY-MM-DD or an RFC 3339 date-time such as 2026-11-29T08:00:00Z)`,
      };
};

const flag: Field<boolean> = (value, key) =>
  typeof value === "boolean" ? { value } : { problem: `front matter '${key}' must be true or false` };

const tagList: Field<string[]> = (value) =>
  Array.isArray(value) && value.every((tag) => typeof tag === "string" && tag.trim() !== "")
    ? { value: [...new Set(value.map((tag: string) => tag.trim()))] }
    : { problem: "front matter 'tags' must be a list of non-empty texts" };

/** The lead photo given in front matter: `image: { src: media/x.jpg, alt: …, caption: …, credit: … }`. */
export interface FrontMatterImage {
  readonly src: string;
  readonly alt: string;
  readonly caption?: string;
  readonly credit?: string;
  /** The line of the `image` key, where problems with the file are reported. */
  readonly line: number;
}

const leadImage: Field<FrontMatterImage> = (value, _key, line) => {
  const given = value as Record<string, unknown> | null;
  const known = ["src", "alt", "caption", "credit"];
  if (
    typeof given !== "object" ||
    given === null ||
    Array.isArray(given) ||
    Object.keys(given).some((key) => !known.includes(key)) ||
    Object.values(given).some((part) => typeof part !== "string" || part.trim() === "") ||
    typeof given.src !== "string"
  ) {
    return {
      problem: "front matter 'image' must be a mapping of src, alt and optional caption and credit (texts)",
    };
  }
  const checked = imageProblem(given.src, typeof given.alt === "string" ? given.alt : "");
  if (typeof checked === "string") return { problem: `front matter 'image': ${checked}` };
  const text = (key: string) =>
    typeof given[key] === "string" ? { [key]: (given[key] as string).trim() } : {};
  return {
    value: {
      src: checked.src,
      alt: (given.alt as string).trim(),
      ...text("caption"),
      ...text("credit"),
      line,
    },
  };
};

/**
 * The front-matter schema: every key a seed may set and how its value is read.
 * The `FrontMatter` type and the list of known keys both come from it, so they
 * cannot drift apart.
 */
const FIELDS = {
  title: text,
  date,
  updated: date,
  author: text,
  summary: text,
  tags: tagList,
  draft: flag,
  retracted: flag,
  correction: text,
  image: leadImage,
} as const satisfies Record<string, Field<unknown>>;

/** The keys a seed's front matter may set, with the types they are read as. */
export type FrontMatter = {
  -readonly [K in keyof typeof FIELDS]?: (typeof FIELDS)[K] extends Field<infer T> ? T : never;
};

const KNOWN_KEYS = Object.keys(FIELDS) as (keyof typeof FIELDS)[];

/** Result of splitting: the front matter (if any), the remaining lines and where they start. */
export interface SplitSeed {
  readonly frontMatter: FrontMatter;
  /** Body lines after the block (all lines when there is none). */
  readonly bodyLines: readonly string[];
  /** 1-based line number of `bodyLines[0]` in the file. */
  readonly bodyStart: number;
  readonly problems: readonly { line: number; message: string }[];
}

/**
 * A date in front matter: `YYYY-MM-DD` (midnight UTC) or an RFC 3339 date-time
 * with a time zone. Anything else is refused rather than guessed at.
 */
const DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

function parseDate(value: unknown): Date | null {
  // The YAML core schema has no timestamp type, so dates arrive as strings.
  if (typeof value !== "string" || !DATE.test(value.trim())) return null;
  const text = value.trim();
  const date = new Date(text.length === 10 ? `${text}T00:00:00Z` : text.replace(" ", "T"));
  if (Number.isNaN(date.getTime())) return null;
  // Refuse roll-overs such as 2026-02-30, which Date would quietly turn into March.
  const [year, month, day] = text.slice(0, 10).split("-").map(Number) as [number, number, number];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return null;
  // From 1970 to 9999 in UTC: past that (9999-12-31T23:00:00-05:00) RFC 3339 has no way to write it.
  return year >= 1970 && date.getUTCFullYear() <= 9999 ? date : null;
}

/** Splits `lines` (already free of BOM and line-end differences) into front matter and body. */
export function splitFrontMatter(lines: readonly string[]): SplitSeed {
  if (lines[0]?.trimEnd() !== "---") return { frontMatter: {}, bodyLines: lines, bodyStart: 1, problems: [] };
  const end = lines.findIndex((line, i) => i > 0 && line.trimEnd() === "---");
  if (end === -1) {
    return {
      frontMatter: {},
      bodyLines: [],
      bodyStart: lines.length + 1,
      problems: [{ line: 1, message: "front matter opened with '---' is never closed by a '---' line" }],
    };
  }
  const problems: { line: number; message: string }[] = [];
  const frontMatter: FrontMatter = {};
  const simple = simpleMapping(lines.slice(1, end));
  if (simple !== null) {
    // One line per key: line 2 of the file is the block's first line.
    simple.forEach(([key, value], i) => read(key, value, 2 + i, frontMatter, problems));
    return { frontMatter, bodyLines: lines.slice(end + 1), bodyStart: end + 2, problems };
  }
  // yaml reports positions as offsets into the block; line 2 of the file is the block's first line.
  const block = lines.slice(1, end).join("\n");
  const lineOf = (offset: number | undefined): number =>
    2 + (offset === undefined ? 0 : block.slice(0, offset).split("\n").length - 1);
  const doc = parseDocument(block, { schema: "core", uniqueKeys: true, prettyErrors: false });
  for (const error of doc.errors) {
    problems.push({
      line: lineOf(error.pos[0]),
      message: `front matter is not valid YAML: ${error.message.split("\n")[0]}`,
    });
  }
  if (problems.length > 0)
    return { frontMatter, bodyLines: lines.slice(end + 1), bodyStart: end + 2, problems };

  const data: unknown = doc.toJS();
  if (data !== null && (typeof data !== "object" || Array.isArray(data))) {
    problems.push({ line: 2, message: "front matter must be a mapping of keys to values" });
  } else if (data !== null) {
    const keyLine = (key: string): number => {
      const pair = (
        doc.contents as { items?: { key: { value?: unknown; range?: number[] } }[] } | null
      )?.items?.find((item) => item.key?.value === key);
      return lineOf(pair?.key.range?.[0]);
    };
    for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
      read(key, value, keyLine(key), frontMatter, problems);
    }
  }
  return { frontMatter, bodyLines: lines.slice(end + 1), bodyStart: end + 2, problems };
}

/** Reads one front-matter key's value into `frontMatter`, or reports why it cannot. */
function read(
  key: string,
  value: unknown,
  line: number,
  frontMatter: FrontMatter,
  problems: { line: number; message: string }[],
): void {
  if (!Object.hasOwn(FIELDS, key)) {
    problems.push({
      line,
      message: `unknown front matter key '${key}' (known keys: ${KNOWN_KEYS.join(", ")})`,
    });
    return;
  }
  const field = FIELDS[key as keyof typeof FIELDS](value, key, line);
  if ("problem" in field) problems.push({ line, message: field.problem });
  else (frontMatter as Record<string, unknown>)[key] = field.value;
}

/**
 * A word of plain text YAML reads as itself: it starts with a letter or digit
 * and holds only letters, digits, marks, spaces and a few punctuation marks
 * that mean nothing to YAML here (no `:`, `#`, quotes, brackets or commas).
 */
const PLAIN = /^[\p{L}\p{N}][\p{L}\p{M}\p{N} .'’&()/+-]*$/u;
/** Plain scalars the YAML core schema reads as something else than text. */
const NOT_TEXT =
  /^(?:[-+]?(?:\.?\d|\.inf|\.Inf|\.INF)|\.nan|\.NaN|\.NAN|null|Null|NULL|~|true|True|TRUE|false|False|FALSE)/;
/** A front-matter date as seeds write it, which YAML's core schema reads as text. */
const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** What YAML reads a simple value as: text, true/false, a flow list of texts; undefined when not simple. */
function simpleValue(text: string): unknown {
  if (text === "true" || text === "false") return text === "true";
  if (PLAIN_DATE.test(text)) return text;
  if (text.startsWith("[") && text.endsWith("]")) {
    // Only ASCII spaces are YAML's here (String.trim would take no-break spaces too).
    const inner = text.slice(1, -1).replace(/^ +| +$/g, "");
    if (inner === "") return [];
    const items = inner.split(",").map((item) => item.replace(/^ +| +$/g, ""));
    return items.every((item) => PLAIN.test(item) && !NOT_TEXT.test(item) && !item.endsWith(" "))
      ? items
      : undefined;
  }
  return PLAIN.test(text) && !NOT_TEXT.test(text) && !/ $/.test(text) ? text : undefined;
}

/**
 * The common front matter, read without a YAML parser (a million seeds spend
 * most of their parsing time in one): every line `key: value`, each key once,
 * values plain words, dates, true/false or flow lists of words. Anything else
 * (quotes, nesting, comments, blank lines, numbers) is null: YAML reads it. A
 * property test checks this reads exactly what YAML reads.
 */
export function simpleMapping(lines: readonly string[]): [string, unknown][] | null {
  if (lines.length === 0) return null;
  const pairs: [string, unknown][] = [];
  const seen = new Set<string>();
  for (const line of lines) {
    const match = /^([a-z]+): (\S(?:.*\S)?)$/.exec(line);
    // Unknown keys go to YAML too, so their messages are YAML's reading (`null:` is a null key).
    if (!match || seen.has(match[1]!) || !Object.hasOwn(FIELDS, match[1]!)) return null;
    const value = simpleValue(match[2]!);
    if (value === undefined) return null;
    seen.add(match[1]!);
    pairs.push([match[1]!, value]);
  }
  return pairs;
}
