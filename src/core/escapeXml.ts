// The one escaper for XML and HTML text and attribute values.

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
};

/**
 * Escapes text for XML or HTML character data and double-quoted attribute values
 * (the only quoting we emit, so `'` needs no reference). Escaping `>` too keeps
 * `]]>` harmless in any context.
 */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => ENTITIES[ch]!);
}
