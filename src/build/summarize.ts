// Derives a story's plain-text summary from its first paragraph when the seed gives none.

const LIMIT = 300;

/** The paragraph itself when short, else its start cut at a word boundary with an ellipsis. */
export function summarize(paragraph: string): string {
  if (paragraph.length <= LIMIT) return paragraph;
  // Never cut a surrogate pair: the first LIMIT - 1 code points (not an array of every one of them).
  const head = paragraph.slice(0, codePointsEnd(paragraph, LIMIT - 1));
  const atWord = head.replace(/\s+\S*$/, "");
  return `${(atWord.length >= LIMIT / 2 ? atWord : head).replace(/[\s,;:.\u2013\u2014-]+$/, "")}…`;
}

/** Where the first `count` code points of `text` end (a UTF-16 index). */
function codePointsEnd(text: string, count: number): number {
  let end = 0;
  for (let n = 0; n < count && end < text.length; n++) {
    const code = text.charCodeAt(end);
    const next = text.charCodeAt(end + 1);
    // A high surrogate followed by a low one is one code point; a lone surrogate is one, as in Array.from.
    end += code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
  }
  return end;
}
