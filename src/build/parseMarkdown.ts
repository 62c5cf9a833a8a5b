// Parses a Markdown seed's body (CommonMark + GitHub's extensions, with remark) and checks it:
// everything the site refuses is reported with its line, never silently dropped or rewritten.

import { posix } from "node:path";
import type { Heading, Nodes, Root } from "mdast";
import { toString } from "mdast-util-to-string";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";

/** An image a story shows, as written. */
export interface ImageRef {
  /** Normalised path relative to the seeds folder: `media/…`. */
  readonly src: string;
  readonly alt: string;
  readonly caption?: string;
  readonly credit?: string;
  /** Line in the seed file. */
  readonly line: number;
}

/** A parsed Markdown body: its tree (the headline heading removed), headline, images and text blocks. */
export interface MarkdownBody {
  readonly tree: Root;
  /** The first `# ` heading's text, when it is the headline. */
  readonly title?: string;
  /** Images in reading order (image references resolved). */
  readonly images: readonly ImageRef[];
  /** Plain text of each top-level block: the story's paragraphs for summaries. */
  readonly blocks: readonly string[];
  /** Plain text of the first paragraph that is not a photo alone: the summary's source. */
  readonly firstParagraph?: string;
  readonly problems: readonly { line: number; message: string }[];
}

/** Deepest nesting of block quotes and lists accepted; deeper trees would only exhaust the stack. */
export const MAX_NESTING = 32;
const LINK_SCHEMES = new Set(["http", "https", "mailto"]);

/**
 * Parses `text` (the body, starting at line `bodyStart` of the file). When
 * `hasTitle` (front matter set it), a `# ` heading is refused; otherwise the
 * first one is the headline. Nothing here reads files: image paths are checked
 * for shape only.
 */
export function parseMarkdown(text: string, bodyStart: number, hasTitle: boolean): MarkdownBody {
  const problems: { line: number; message: string }[] = [];
  const empty = (message: string, line: number): MarkdownBody => ({
    tree: { type: "root", children: [] },
    images: [],
    blocks: [],
    problems: [{ line, message }],
  });
  // remark's transforms recurse: refuse absurd nesting before parsing, and never let one crash the build.
  const deepest = deepestLine(text);
  if (deepest !== null) {
    return empty(`nested more than ${MAX_NESTING} levels deep (block quotes and lists)`, bodyStart + deepest);
  }
  // micromark resolves emphasis delimiters in time quadratic in their number within a paragraph: a
  // few thousand `*` would stall the build for minutes. No story needs that many.
  const crowded = crowdedParagraph(text);
  if (crowded !== null) {
    return empty(
      `more than ${MAX_DELIMITERS} emphasis markers (*, _ or ~) in one paragraph: write them as \\* or in code`,
      bodyStart + crowded,
    );
  }
  let tree: Root;
  try {
    tree = unified().use(remarkParse).use(remarkGfm).parse(text);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return empty("this Markdown is too deeply nested to read", bodyStart);
  }
  const lineOf = (node: Nodes): number => bodyStart - 1 + (node.position?.start.line ?? 1);
  const problem = (node: Nodes, message: string): void => void problems.push({ line: lineOf(node), message });

  const definitions = new Map<string, string>();
  const images: ImageRef[] = [];
  let title: string | undefined;
  let headline: Heading | undefined;

  // Depth-first, in reading order, with an explicit stack: a hostile body may nest thousands deep.
  const stack: { node: Nodes; depth: number }[] = [{ node: tree, depth: 0 }];
  const ordered: Nodes[] = [];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > MAX_NESTING * 2) {
      problem(node, `nested more than ${MAX_NESTING} levels deep (block quotes, lists, links or emphasis)`);
      // One report for the whole over-deep part.
      stack.length = 0;
      break;
    }
    ordered.push(node);
    if (node.type === "definition") definitions.set(node.identifier, node.url);
    if ("children" in node) {
      for (let i = node.children.length - 1; i >= 0; i--)
        stack.push({ node: node.children[i]! as Nodes, depth: depth + 1 });
    }
  }

  for (const node of ordered) {
    switch (node.type) {
      case "html":
        problem(node, "raw HTML is not allowed in a story: write it in Markdown");
        break;
      case "link":
      case "definition": {
        const refused = linkProblem(node.url);
        if (refused) problem(node, refused);
        break;
      }
      case "image":
      case "imageReference": {
        const url = node.type === "image" ? node.url : definitions.get(node.identifier);
        if (url === undefined) break; // an undefined reference is plain text, as CommonMark says
        const title = node.type === "image" ? node.title : null;
        const checked = imageProblem(url, node.alt ?? "");
        if (typeof checked === "string") problem(node, checked);
        else {
          const [caption, credit] = (title ?? "").split(" | ").map((part) => part.trim());
          images.push({
            src: checked.src,
            alt: (node.alt ?? "").trim(),
            ...(caption ? { caption } : {}),
            ...(credit ? { credit } : {}),
            line: lineOf(node),
          });
        }
        break;
      }
      case "heading":
        if (node.depth !== 1) break;
        if (!hasTitle && !headline) {
          headline = node;
          title = toString(node).trim();
        } else {
          problem(
            node,
            hasTitle
              ? "a '# ' heading in a story whose headline is front matter 'title': use '## ' for sections"
              : "a second '# ' heading: the first is the headline; use '## ' for sections",
          );
        }
        break;
    }
  }
  if (headline) {
    // A photo in the headline would leave with it (the headline is plain text): refuse it, not lose it.
    const line = lineOf(headline);
    for (const image of images.filter((image) => image.line === line)) {
      problems.push({
        line,
        message: `image ${image.src} in the headline: put it in a paragraph of its own`,
      });
    }
    tree.children = tree.children.filter((child) => child !== headline);
  }
  const blocks = tree.children
    .filter((child) => child.type !== "definition")
    .map((child) => toString(child).replace(/\s+/g, " ").trim())
    .filter((block) => block !== "");
  const first = tree.children.find(
    (child) =>
      child.type === "paragraph" &&
      child.children.some((part) => part.type !== "image" && toString(part).trim() !== ""),
  );
  const firstParagraph = first ? toString(first).replace(/\s+/g, " ").trim() : undefined;
  return {
    tree,
    ...(title !== undefined ? { title } : {}),
    images,
    blocks,
    ...(firstParagraph ? { firstParagraph } : {}),
    problems,
  };
}

/** Most emphasis markers (`*`, `_`, `~`) accepted in one paragraph. */
export const MAX_DELIMITERS = 500;

/** The 0-based first line of a paragraph (lines between blank lines) with too many emphasis markers, or null. */
function crowdedParagraph(text: string): number | null {
  const lines = text.split("\n");
  let start = 0;
  let count = 0;
  for (let i = 0; i <= lines.length; i++) {
    const line = lines[i];
    if (line === undefined || line.trim() === "") {
      if (count > MAX_DELIMITERS) return start;
      start = i + 1;
      count = 0;
      continue;
    }
    count += line.match(/[*_~]/g)?.length ?? 0;
  }
  return null;
}

/**
 * The 0-based line whose container prefix (`>`, list markers, indentation)
 * nests deeper than MAX_NESTING, or null. An estimate from the text, before any
 * parser recursion: each marker counts a level, as does every four columns of
 * indentation.
 */
function deepestLine(text: string): number | null {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const indent = /^[ \t]*/.exec(line)![0].replace(/\t/g, "    ").length;
    const markers = /^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))*/
      .exec(line)![0]
      .replace(/[^>*+\-.)]/g, "").length;
    if (markers + Math.floor(indent / 4) > MAX_NESTING) return i;
  }
  return null;
}

/**
 * Why a link destination is refused, or null: http, https, mailto, relative and
 * fragment links only. Checked as a browser reads it (tabs and newlines dropped,
 * `\` as `/`), so no spelling (entities, case, whitespace) slips a scheme past.
 */
export function linkProblem(url: string): string | null {
  if (/[\u0000-\u001f\u007f]/.test(url)) return "a link may not contain control characters";
  const read = url.trim().replace(/\\/g, "/");
  if (read.startsWith("//")) return "protocol-relative links are not allowed: write https://…";
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(read)?.[1]?.toLowerCase();
  if (scheme === undefined || LINK_SCHEMES.has(scheme)) return null;
  return `link scheme '${scheme}:' is not allowed (only http, https, mailto, relative and # links)`;
}

/** The normalised path of an image destination, or why it is refused. */
export function imageProblem(url: string, alt: string): { src: string } | string {
  const read = url.trim().replace(/\\/g, "/");
  if (read.startsWith("//") || /^[a-z][a-z0-9+.-]*:/i.test(read)) {
    return "remote images are not allowed: put the photo in seeds/media/ and write ![description](media/photo.jpg)";
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(read);
  } catch {
    return `image path ${JSON.stringify(url)} is not valid percent-encoding`;
  }
  const src = posix.normalize(decoded);
  if (!src.startsWith("media/") || src.split("/").includes("..") || /[\u0000-\u001f]/.test(src)) {
    return `image path ${JSON.stringify(url)} is outside seeds/media/ (write media/photo.jpg)`;
  }
  if (alt.trim() === "") return `image ${src} has no alt text: describe the photo in ![…](${src})`;
  return { src };
}
