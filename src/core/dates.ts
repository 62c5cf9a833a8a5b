// Date formats used by the feeds and HTTP: RFC 3339 (Atom, JSON Feed, HTML) and RFC 822/5322 (RSS, HTTP).

/** RFC 3339 in UTC with second precision, e.g. `2026-11-29T08:00:00Z`. */
export function dateRfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * RFC 822 date as RSS 2.0 requires, with a four-digit year and `GMT`
 * (the RSS Advisory Board's profile), which is also HTTP's IMF-fixdate.
 */
export function dateRfc822(date: Date): string {
  return date.toUTCString();
}
