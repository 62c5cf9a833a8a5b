// The files the build makes from one photo, decided from its size alone, so story HTML can name them
// (with width and height) before any pixel is encoded. No file is larger than the photo in either
// dimension: an enlarged photo only looks blurred, and would state a size it does not have.

import { SHARE_CARD } from "../core/shareCard";

/** A photo in seeds/media/ as inspected: content hash and upright size. */
export interface SourceImage {
  /** Path relative to the seeds folder, e.g. `media/bridge.jpg`. */
  readonly src: string;
  /** First 16 hex digits of the SHA-256 of the file with ENCODER_SETTINGS: names every variant. */
  readonly hash: string;
  readonly width: number;
  readonly height: number;
}

/** One output file. */
export interface Variant {
  /** File name under `media/`, e.g. `3f2a…-960.webp`. */
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly format: "webp" | "jpeg";
  /**
   * `w`: a responsive width; `card`: the share card (1200x630 at most); `16x9`, `4x3`, `1x1`:
   * crops for NewsArticle (1200 wide at most).
   */
  readonly kind: "w" | "card" | "16x9" | "4x3" | "1x1";
}

/** Responsive widths (px): phone, tablet and desktop at 2x. */
const WIDTHS = [480, 960, 1600];
/** Cropped variants at full size: the share card and NewsArticle's three aspect ratios, all 1200 wide. */
const CROPS = [
  { kind: "card", ...SHARE_CARD },
  { kind: "16x9", width: 1200, height: 675 },
  { kind: "4x3", width: 1200, height: 900 },
  { kind: "1x1", width: 1200, height: 1200 },
] as const;

/**
 * Settings the variants are encoded with. Part of every file's name (through
 * the hash), so changing them makes new files instead of reusing stale ones.
 */
export const ENCODER_SETTINGS =
  "v2 webp q80; jpeg mozjpeg q80 progressive; widths 480,960,1600 and own; crops attention, never enlarged";

/**
 * The variants of `image`: each responsive width narrower than the photo, and
 * the photo's own width (at most the largest), in WebP and JPEG; then the crops,
 * in JPEG (what every crawler reads), each at its full size or, from a smaller
 * photo, the largest of its aspect ratio that the photo holds.
 */
export function mediaVariants(image: SourceImage): Variant[] {
  const largest = WIDTHS.at(-1)!;
  const widths = [
    ...WIDTHS.filter((width) => width < Math.min(image.width, largest)),
    Math.min(image.width, largest),
  ];
  const variants: Variant[] = [];
  for (const width of widths) {
    const height = Math.max(1, Math.round((image.height * width) / image.width));
    for (const format of ["webp", "jpeg"] as const) {
      variants.push({
        name: `${image.hash}-${width}.${format === "jpeg" ? "jpg" : "webp"}`,
        width,
        height,
        format,
        kind: "w",
      });
    }
  }
  for (const crop of CROPS) {
    variants.push({
      name: `${image.hash}-${crop.kind}.jpg`,
      ...cropSize(image, crop),
      format: "jpeg",
      kind: crop.kind,
    });
  }
  return variants;
}

/**
 * The size of a crop of `image` with the aspect ratio of `full`: `full` itself
 * when the photo holds it, else scaled down until it fits inside the photo (width
 * and height each at most the photo's). Rounding a length at most the photo's
 * never passes it.
 */
function cropSize(
  image: SourceImage,
  full: { readonly width: number; readonly height: number },
): { width: number; height: number } {
  const scale = Math.min(1, image.width / full.width, image.height / full.height);
  return {
    width: Math.max(1, Math.round(full.width * scale)),
    height: Math.max(1, Math.round(full.height * scale)),
  };
}

/** URL path of a variant on the site. */
export function mediaPath(variant: Variant): string {
  return `/media/${variant.name}`;
}
