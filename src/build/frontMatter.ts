// Splits an optional YAML front-matter block off a seed and checks its keys and types.

import { parseDocument } from "yaml";

/** The keys a seed's front matter may set. */
export interface FrontMatter {
  title?: string;
  date?: Date;
  updated?: Date;
  author?: string;
  summary?: string;
  tags?: string[];
  draft?: boolean;
  retracted?: boolean;
  correction?: string;
}

const KNOWN_KEYS = [
  "title",
  "date",
  "updated",
  "author",
  "summary",
  "tags",
  "draft",
  "retracted",
  "correction",
] as const;

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
  return year >= 1970 ? date : null;
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
      const line = keyLine(key);
      switch (key as (typeof KNOWN_KEYS)[number]) {
        case "title":
        case "author":
        case "summary":
        case "correction":
          if (typeof value === "string" && value.trim() !== "") frontMatter[key as "title"] = value.trim();
          else problems.push({ line, message: `front matter '${key}' must be a non-empty text` });
          break;
        case "date":
        case "updated": {
          const date = parseDate(value);
          if (date) frontMatter[key as "date"] = date;
          else
            problems.push({
              line,
              message: `front matter '${key}' is not a date: ${JSON.stringify(String(value))} (use YYYY-MM-DD or an RFC 3339 date-time such as 2026-11-29T08:00:00Z)`,
            });
          break;
        }
        case "tags":
          if (Array.isArray(value) && value.every((tag) => typeof tag === "string" && tag.trim() !== "")) {
            frontMatter.tags = [...new Set(value.map((tag: string) => tag.trim()))];
          } else problems.push({ line, message: "front matter 'tags' must be a list of non-empty texts" });
          break;
        case "draft":
        case "retracted":
          if (typeof value === "boolean") frontMatter[key as "draft"] = value;
          else problems.push({ line, message: `front matter '${key}' must be true or false` });
          break;
        default:
          problems.push({
            line,
            message: `unknown front matter key '${key}' (known keys: ${KNOWN_KEYS.join(", ")})`,
          });
      }
    }
  }
  return { frontMatter, bodyLines: lines.slice(end + 1), bodyStart: end + 2, problems };
}
