// The warnings for lead photos too small for a large share card: such a story is published, its page
// asking for the small card, and the warning says which photo to replace for a large preview.

import { isLargeCard, SHARE_CARD } from "../core/shareCard";
import { mediaVariants, type SourceImage } from "./mediaVariants";
import type { SeedFacts } from "./storyOf";

/** A parsed seed as the plan holds it: how messages name it, its format and the photos it shows. */
export interface SeedPhotos {
  readonly seed: { readonly file: string; readonly format: "txt" | "md" };
  readonly facts: Pick<SeedFacts, "photos">;
}

/**
 * One `file:line: message` per story whose lead photo makes a share card under
 * the full 1200x630, in `seeds`' order. The lead of a Markdown story is the
 * first photo its facts list (front matter `image`, else the body's first, as
 * storyOf takes it); a plain-text story shows no photo.
 */
export function shareCardWarnings(
  seeds: readonly SeedPhotos[],
  images: ReadonlyMap<string, SourceImage>,
): string[] {
  const warnings: string[] = [];
  for (const { seed, facts } of seeds) {
    const lead = seed.format === "md" ? facts.photos[0] : undefined;
    if (!lead) continue;
    const image = images.get(lead.src)!;
    const card = mediaVariants(image).find((variant) => variant.kind === "card")!;
    if (isLargeCard(card)) continue;
    // The card keeps its 1.91:1 whatever the photo, so a card short of either side is narrow too.
    warnings.push(
      `${seed.file}:${lead.line}: ${lead.src} is ${image.width}x${image.height}, its share card ${card.width}x${card.height}: under ${SHARE_CARD.width} px wide, pages ask for the small share card`,
    );
  }
  return warnings;
}
