// Derives a story's plain-text summary from its first paragraph when the seed gives none.

import { codePointsEnd } from "../core/codePointsEnd";
import { isWhiteSpace } from "./isWhiteSpace";

const LIMIT = 300;

/**
 * The paragraph itself when short, else its start cut at a word boundary with
 * an ellipsis: `head.replace(/\s+\S*$/, "")`, then the end trimmed of
 * `[\s,;:.\u2013\u2014-]+`, written as scans from the end (the regular
 * expressions tried every space of the head: 0.2 s of a build worker's 10 at
 * 100,000 stories).
 */
export function summarize(paragraph: string): string {
  if (paragraph.length <= LIMIT) return paragraph;
  // Never cut a surrogate pair: the first LIMIT - 1 code points (not an array of every one of them).
  const head = paragraph.slice(0, codePointsEnd(paragraph, LIMIT - 1));
  // Before the last run of white space and the word after it (0 when there is no white space).
  let cut = head.length;
  while (cut > 0 && !isWhiteSpace(head.charCodeAt(cut - 1))) cut--;
  while (cut > 0 && isWhiteSpace(head.charCodeAt(cut - 1))) cut--;
  let end = cut >= LIMIT / 2 ? cut : head.length;
  while (end > 0 && isTrailing(head.charCodeAt(end - 1))) end--;
  return `${head.slice(0, end)}…`;
}

/** Whether a UTF-16 unit is trimmed off a cut summary's end: white space, `,;:.`, en and em dashes, `-`. */
function isTrailing(code: number): boolean {
  return (
    isWhiteSpace(code) ||
    code === 0x2c ||
    code === 0x3b ||
    code === 0x3a ||
    code === 0x2e ||
    code === 0x2013 ||
    code === 0x2014 ||
    code === 0x2d
  );
}
