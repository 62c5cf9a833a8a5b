// Finds characters that XML 1.0 forbids or discourages, which no feed may carry.

/**
 * XML 1.0 (5th ed.) §2.2 Char excludes C0 controls other than TAB/LF/CR, lone
 * surrogates and U+FFFE/U+FFFF; it discourages DEL and the C1 controls. Feeds
 * with any of them are rejected by parsers or validators, so we refuse them all.
 */
function forbidden(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0xfffe ||
    code === 0xffff
  );
}

/** Per UTF-16 code unit: 0 allowed, 1 forbidden, 2 a surrogate (allowed in a pair). 64 KB. */
const KIND = Uint8Array.from({ length: 0x10000 }, (_, code) =>
  code >= 0xd800 && code <= 0xdfff ? 2 : forbidden(code) ? 1 : 0,
);

/**
 * Position and code point of the first forbidden character in `text`, or null.
 * A plain scan, one table load a character (the build checks every line of
 * every seed: a regular expression with look-arounds was several times slower,
 * and comparisons with each range a quarter slower than the table on seeds in
 * many scripts).
 */
export function forbiddenCharacter(text: string): { index: number; codePoint: string } | null {
  for (let i = 0; i < text.length; i++) {
    const kind = KIND[text.charCodeAt(i)]!;
    if (kind === 0) continue;
    const code = text.charCodeAt(i);
    if (kind === 2) {
      const next = text.charCodeAt(i + 1);
      // A high surrogate followed by a low one is a pair; any other surrogate is alone.
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    return { index: i, codePoint: `U+${code.toString(16).toUpperCase().padStart(4, "0")}` };
  }
  return null;
}
