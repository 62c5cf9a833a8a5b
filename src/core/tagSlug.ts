// The stable, case-folded URL slug of a tag.

/**
 * Letters and digits of any script, lowercased after NFKC normalisation, other
 * runs as `-`: "Asia & Pacific", "asia-pacific" and "ASIA/PACIFIC" share one slug.
 */
export function tagSlug(tag: string): string {
  const slug = tag
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  return slug || "tag";
}

/** Path of a tag's page: `/tags/<slug>` (percent-encoded when the slug is not ASCII). */
export function tagPath(tag: string): string {
  return `/tags/${encodeURIComponent(tagSlug(tag))}`;
}
