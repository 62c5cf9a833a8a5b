// Derives the cosmetic URL slug of a story from its title.

/** Lowercase ASCII words joined by `-`, at most 80 characters; `story` when nothing is left. */
export function slugify(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const cut = slug.length > 80 ? slug.slice(0, 80).replace(/-[^-]*$/, "") : slug;
  return cut || "story";
}
