// Whether a UTF-16 code unit is one JavaScript's `\s` matches, without a regular expression: the
// build asks it of every character of a summary's end.

/** Whether `code` is a UTF-16 unit `\s` matches (JavaScript's WhiteSpace and LineTerminator). */
export function isWhiteSpace(code: number): boolean {
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}
