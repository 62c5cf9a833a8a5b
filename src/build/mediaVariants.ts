// The files the build makes from one photo, decided from its size alone, so story HTML can name them
// (with width and height) before any pixel is encoded.

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
  /** `w`: a responsive width; `card`: the 1200x630 share card; `16x9`, `4x3`, `1x1`: crops for NewsArticle. */
  readonly kind: "w" | "card" | "16x9" | "4x3" | "1x1";
}

/** Responsive widths (px): phone, tablet and desktop at 2x. */
const WIDTHS = [480, 960, 1600];
/** Cropped variants: the share card and NewsArticle's three aspect ratios, all 1200 wide. */
const CROPS = [
  { kind: "card", width: 1200, height: 630 },
  { kind: "16x9", width: 1200, height: 675 },
  { kind: "4x3", width: 1200, height: 900 },
  { kind: "1x1", width: 1200, height: 1200 },
] as const;

/**
 * Settings the variants are encoded with. Part of every file's name (through
 * the hash), so changing them makes new files instead of reusing stale ones.
 */
export const ENCODER_SETTINGS =
  "v1 webp q80; jpeg mozjpeg q80 progressive; widths 480,960,1600 and own; crops attention";

/**
 * The variants of `image`: each responsive width narrower than the photo, and
 * the photo's own width (at most the largest), in WebP and JPEG; then the crops,
 * in JPEG (what every crawler reads).
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
      width: crop.width,
      height: crop.height,
      format: "jpeg",
      kind: crop.kind,
    });
  }
  return variants;
}

/** URL path of a variant on the site. */
export function mediaPath(variant: Variant): string {
  return `/media/${variant.name}`;
}
