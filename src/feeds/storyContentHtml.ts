// A story's body as HTML: one <p> per paragraph, every paragraph escaped.

import { escapeXml } from "../core/escapeXml";
import type { Story } from "../core/types";

/** `<p>…</p>` for each paragraph, joined by newlines. */
export function storyContentHtml(story: Pick<Story, "paragraphs">): string {
  return story.paragraphs.map((paragraph) => `<p>${escapeXml(paragraph)}</p>`).join("\n");
}
