// Human-readable dates for pages, independent of the runtime's locale data.

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** `29 November 2026` for an RFC 3339 timestamp (UTC calendar date). */
export function formatDate(rfc3339: string): string {
  const date = new Date(rfc3339);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}
