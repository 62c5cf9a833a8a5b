// Derives a story's plain-text summary from its first paragraph when the seed gives none.

import { codePointsEnd } from "./codePointsEnd";

const LIMIT = 300;

/** The paragraph itself when short, else its start cut at a word boundary with an ellipsis. */
export function summarize(paragraph: string): string {
  if (paragraph.length <= LIMIT) return paragraph;
  // Never cut a surrogate pair: the first LIMIT - 1 code points (not an array of every one of them).
  const head = paragraph.slice(0, codePointsEnd(paragraph, LIMIT - 1));
  const atWord = head.replace(/\s+\S*$/, "");
  return `${(atWord.length >= LIMIT / 2 ? atWord : head).replace(/[\s,;:.\u2013\u2014-]+$/, "")}…`;
}
