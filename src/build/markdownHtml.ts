// Turns a checked Markdown tree into the story's HTML (sanitised, photos as responsive <picture>s)
// and its readable plain text.

import type { Element, ElementContent, Root as HastRoot, RootContent } from "hast";
import { toHtml } from "hast-util-to-html";
import type { Nodes, Parent, PhrasingContent, Root } from "mdast";
import rehypeSanitize, { defaultSchema } from "rehype-sanitize";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { mediaPath, mediaVariants, type SourceImage } from "./mediaVariants";
import type { ImageRef } from "./parseMarkdown";

/** The rendered width of the story column: the page's 38rem measure less its padding. */
const SIZES = "(min-width: 38rem) 35.5rem, calc(100vw - 2.5rem)";
/** The widest JPEG used as `src`: sharp on a phone, not wasteful on a desktop (srcset picks the rest). */
const FALLBACK_WIDTH = 960;
/**
 * GitHub's sanitising schema. remark-rehype already prefixes footnote ids with
 * `user-content-`; the schema's own prefix would double it.
 */
const SCHEMA = { ...defaultSchema, clobberPrefix: "" };

/** A photo as the page shows it: the inspected file and what the story says about it. */
export interface Photo {
  readonly image: SourceImage;
  readonly ref: Pick<ImageRef, "alt" | "caption" | "credit">;
}

/**
 * The story HTML of `tree`, with `photos[i]` for the i-th image in reading order.
 * Every photo is lazy-loaded except the lead (`leadIndex`), so the first screen
 * is not delayed. An image alone in its paragraph becomes a `<figure>`.
 */
export function markdownHtml(tree: Root, photos: readonly Photo[], leadIndex: number): string {
  // Image references with a definition are images (an undefined one stays text, as CommonMark says).
  const defined = new Set<string>();
  const all: Nodes[] = [tree];
  while (all.length > 0) {
    const node = all.pop()!;
    if (node.type === "definition") defined.add(node.identifier);
    if ("children" in node) all.push(...(node.children as Nodes[]));
  }
  // Each image points at its photo by a fragment the sanitiser keeps, numbered in document order
  // (pre-order, as parseMarkdown lists them), each as it is visited.
  let next = 0;
  const walk: Nodes[] = [tree];
  while (walk.length > 0) {
    const node = walk.pop()!;
    if (node.type === "image") node.url = `#photo-${next++}`;
    if (!("children" in node)) continue;
    const parent = node as Parent;
    parent.children = parent.children.map((child) =>
      child.type === "imageReference" && defined.has(child.identifier)
        ? { type: "image", url: "", alt: child.alt, title: null, position: child.position }
        : child,
    ) as typeof parent.children;
    for (let i = parent.children.length - 1; i >= 0; i--) walk.push(parent.children[i] as Nodes);
  }
  const hast = unified().use(remarkRehype).use(rehypeSanitize, SCHEMA).runSync(tree) as HastRoot;
  const photoOf = (element: Element): number | null => {
    const src = String(element.properties.src ?? "");
    return element.tagName === "img" && /^#photo-\d+$/.test(src) ? Number(src.slice(7)) : null;
  };

  const stack: (HastRoot | Element)[] = [hast];
  while (stack.length > 0) {
    const parent = stack.pop()!;
    parent.children = parent.children.map((child): RootContent => {
      if (child.type !== "element") return child;
      const meaningful = child.children.filter((c) => !(c.type === "text" && c.value.trim() === ""));
      const only = meaningful.length === 1 && meaningful[0]!.type === "element" ? meaningful[0] : null;
      if (child.tagName === "p" && only) {
        const index = photoOf(only);
        if (index !== null) return figure(photos[index]!, index === leadIndex);
      }
      const index = photoOf(child);
      if (index !== null) return picture(photos[index]!, index === leadIndex);
      if (child.tagName === "table") {
        stack.push(child);
        // A wide table scrolls in its own box (reachable by keyboard), never the page.
        return element(
          "div",
          { className: ["table-wrap"], tabIndex: 0, role: "region", ariaLabel: "Table" },
          [child],
        );
      }
      if (child.tagName === "pre") child.properties.tabIndex = 0;
      // GFM column alignment arrives as `align`, obsolete in HTML; a class does it (the CSP forbids `style`).
      if ((child.tagName === "th" || child.tagName === "td") && typeof child.properties.align === "string") {
        child.properties.className = [`align-${child.properties.align}`];
        delete child.properties.align;
      }
      stack.push(child);
      return child;
    }) as typeof parent.children;
  }
  return toHtml(hast).trim();
}

/** A photo's `<figure>`: the picture, then the caption and credit when given. */
export function figure(photo: Photo, eager: boolean): Element {
  const { caption, credit } = photo.ref;
  const text: ElementContent[] = [];
  if (caption) text.push({ type: "text", value: caption });
  if (credit) {
    if (caption) text.push({ type: "text", value: " " });
    text.push(element("span", { className: ["credit"] }, [{ type: "text", value: credit }]));
  }
  return element("figure", {}, [
    picture(photo, eager),
    ...(text.length > 0 ? [element("figcaption", {}, text)] : []),
  ]);
}

/** The lead figure's HTML, for when the body does not show the lead photo. */
export function figureHtml(photo: Photo): string {
  return toHtml(figure(photo, true));
}

/** `<picture>`: WebP widths for browsers that take them, JPEG widths for the rest; size stated, no layout shift. */
function picture({ image, ref }: Photo, eager: boolean): Element {
  const widths = mediaVariants(image).filter((variant) => variant.kind === "w");
  const srcset = (format: "webp" | "jpeg"): string =>
    widths
      .filter((variant) => variant.format === format)
      .map((variant) => `${mediaPath(variant)} ${variant.width}w`)
      .join(", ");
  const jpegs = widths.filter((variant) => variant.format === "jpeg");
  const fallback = jpegs.filter((variant) => variant.width <= FALLBACK_WIDTH).at(-1) ?? jpegs[0]!;
  return element("picture", {}, [
    element("source", { type: "image/webp", srcSet: srcset("webp"), sizes: SIZES }, []),
    element(
      "img",
      {
        src: mediaPath(fallback),
        srcSet: srcset("jpeg"),
        sizes: SIZES,
        width: fallback.width,
        height: fallback.height,
        alt: ref.alt,
        // The lead is the page's largest paint: fetched first; every other photo waits until scrolled near.
        ...(eager ? { fetchPriority: "high" } : { loading: "lazy" }),
        decoding: "async",
      },
      [],
    ),
  ]);
}

function element(tagName: string, properties: Element["properties"], children: ElementContent[]): Element {
  return { type: "element", tagName, properties, children };
}

/**
 * The readable plain text of `tree`: blocks separated by blank lines, list items
 * as "- " (or "1. "), quotes as "> ", table rows as cells between " | ",
 * footnote references as [n] and the footnotes at the end.
 */
export function markdownText(tree: Root): string {
  const footnotes = new Map<string, number>();
  const inline = (nodes: readonly PhrasingContent[]): string =>
    nodes
      .map((node): string => {
        switch (node.type) {
          case "text":
          case "inlineCode":
            return node.value;
          case "break":
            return "\n";
          case "image":
          case "imageReference":
            return node.alt ?? "";
          case "footnoteReference": {
            if (!footnotes.has(node.identifier)) footnotes.set(node.identifier, footnotes.size + 1);
            return `[${footnotes.get(node.identifier)}]`;
          }
          default:
            return "children" in node ? inline(node.children as PhrasingContent[]) : "";
        }
      })
      .join("");
  const block = (node: Nodes): string => {
    switch (node.type) {
      case "paragraph":
      case "heading":
        return inline(node.children);
      case "blockquote":
        return node.children.map(block).join("\n\n").replace(/^/gm, "> ");
      case "list":
        return node.children
          .map((item, i) => {
            const marker = node.ordered ? `${(node.start ?? 1) + i}. ` : "- ";
            const body = item.children.map(block).join("\n\n");
            return marker + body.replace(/\n(?=[^\n])/g, `\n${" ".repeat(marker.length)}`);
          })
          .join("\n");
      case "code":
        return node.value;
      case "thematicBreak":
        return "---";
      case "table":
        return node.children
          .map((row) => row.children.map((cell) => inline(cell.children)).join(" | "))
          .join("\n");
      case "footnoteDefinition":
        return "";
      default:
        return "";
    }
  };
  const definitions = new Map<string, Nodes>();
  for (const child of tree.children)
    if (child.type === "footnoteDefinition") definitions.set(child.identifier, child);
  const body = tree.children.map(block).filter((text) => text !== "");
  const ends = [...footnotes].map(([identifier, n]) => {
    const definition = definitions.get(identifier);
    const text =
      definition && "children" in definition ? (definition.children as Nodes[]).map(block).join(" ") : "";
    return `[${n}] ${text}`;
  });
  return [...body, ...ends].join("\n\n");
}
