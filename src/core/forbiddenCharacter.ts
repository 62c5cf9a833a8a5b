// Finds characters that XML 1.0 forbids or discourages, which no feed may carry.

/**
 * XML 1.0 (5th ed.) §2.2 Char excludes C0 controls other than TAB/LF/CR, lone
 * surrogates and U+FFFE/U+FFFF; it discourages DEL and the C1 controls. Feeds
 * with any of them are rejected by parsers or validators, so we refuse them all.
 */
const FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Position and code point of the first forbidden character in `text`, or null. */
export function forbiddenCharacter(text: string): { index: number; codePoint: string } | null {
  const match = FORBIDDEN.exec(text);
  if (!match) return null;
  const code = match[0].charCodeAt(0);
  return { index: match.index, codePoint: `U+${code.toString(16).toUpperCase().padStart(4, "0")}` };
}
