// Where a text's first code points end: cutting there never splits a surrogate pair.

/**
 * Where the first `count` code points of `text` from index `from` end (a UTF-16
 * index). A high surrogate followed by a low one is one code point; a lone
 * surrogate is one, as in Array.from. The build cuts the listed text and the
 * Worker its excerpts by it, so both count characters alike.
 */
export function codePointsEnd(text: string, count: number, from = 0): number {
  let end = from;
  for (let n = 0; n < count && end < text.length; n++) {
    const code = text.charCodeAt(end);
    const next = text.charCodeAt(end + 1);
    end += code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
  }
  return end;
}
