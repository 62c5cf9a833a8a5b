// The one escaper for XML and HTML text and attribute values.

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes text for use in XML or HTML character data and quoted attribute values.
 * Escaping `>` too keeps `]]>` harmless in any context.
 */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
}
