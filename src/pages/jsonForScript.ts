// Serialises data for an inline <script type="application/ld+json"> block that no text can break out of.

const UNSAFE: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/**
 * JSON whose text never contains `<`, `>` or `&`, so `</script>` or `<!--` in a
 * headline cannot end or alter the script element (HTML §4.12.1.3); the escapes
 * decode to the same characters for any JSON parser.
 */
export function jsonForScript(data: unknown): string {
  return JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (ch) => UNSAFE[ch]!);
}
