// The share card's size and the one rule for when a page may ask for a large preview: the build
// (which warns) and the story page (which picks the Twitter card) both ask it.

/**
 * The share card (`og:image`) at full size, 1.91:1. Facebook's sharing guide asks
 * for at least 1200x630 "for the best display" of large link previews, and Google
 * Discover shows large images only when they are at least 1200 px wide.
 */
export const SHARE_CARD = { width: 1200, height: 630 } as const;

/**
 * Whether a share card of this size is big enough for a large preview (`twitter:card`
 * `summary_large_image`): the full 1200x630. A card made from a smaller photo is
 * never enlarged, so it says how small the photo was.
 */
export function isLargeCard(card: { readonly width: number; readonly height: number }): boolean {
  return card.width >= SHARE_CARD.width && card.height >= SHARE_CARD.height;
}
