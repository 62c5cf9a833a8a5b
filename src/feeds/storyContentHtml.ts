// A story's body as HTML: one <p> per paragraph, every paragraph escaped.

import { escapeXml } from "../core/escapeXml";
import type { Story } from "../core/types";

/** `<p>…</p>` for each paragraph, joined by newlines, then the correction note if there is one. */
export function storyContentHtml(story: Pick<Story, "paragraphs" | "correction">): string {
  const paragraphs = story.paragraphs.map((paragraph) => `<p>${escapeXml(paragraph)}</p>`);
  if (story.correction) paragraphs.push(`<p><strong>Correction:</strong> ${escapeXml(story.correction)}</p>`);
  return paragraphs.join("\n");
}
