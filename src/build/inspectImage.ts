// Reads one photo (of seeds/media/ or MEDIA_DIR) far enough to know it is a photo we can publish, and
// its size.

import { createHash } from "node:crypto";
import type { Metadata } from "sharp";
import { lfsPointer } from "./lfsPointer";
import { ENCODER_SETTINGS, type SourceImage } from "./mediaVariants";
import { RefusedFile } from "./openContentFile";
import { readPhoto, type PhotoFolder } from "./photoFolder";

/** Largest photo accepted, in pixels: a 40-megapixel camera's, far above what a page shows. */
export const MAX_PIXELS = 40_000_000;
const FORMATS = new Set(["jpeg", "png", "webp"]);

/** `src` (`media/…`, read from `photos`) inspected, or why it cannot be published. */
export async function inspectImage(photos: PhotoFolder, src: string): Promise<SourceImage | string> {
  let bytes: Buffer;
  try {
    bytes = readPhoto(photos, src);
  } catch (error) {
    if (error instanceof RefusedFile) return `image ${src} is ${error.message}`;
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT"
      ? `image ${src} does not exist (put it in ${photos.label})`
      : `image ${src} cannot be read (${code ?? "error"})`;
  }
  if (bytes.length === 0) return `image ${src} is empty (0 bytes)`;
  // A photo tracked with Git LFS whose content was never fetched: said as such, not as "not an
  // image", so the fix is plain. Only the size the pointer states is shown.
  const pointer = lfsPointer(bytes);
  if (pointer) {
    return `image ${src} is a Git LFS pointer (the photo, ${pointer.size} bytes, was not fetched): run git lfs pull`;
  }
  // Loaded only for a build with photos (a tenth of a second), and outside the try below: sharp
  // failing to load is the build's failure, not this photo's.
  const { default: sharp } = await import("sharp");
  let meta: Metadata;
  try {
    // Reads the header only; the pixel limit stops a decompression bomb before any decoding.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    return `image ${src} is not an image this build can read (use JPEG, PNG or WebP)`;
  }
  if (!meta.format || !FORMATS.has(meta.format) || !meta.width || !meta.height) {
    return `image ${src} is ${meta.format ?? "of an unknown format"}: use JPEG, PNG or WebP`;
  }
  if (meta.width * meta.height > MAX_PIXELS) {
    return `image ${src} is ${((meta.width * meta.height) / 1e6).toFixed(1)} megapixels; the limit is ${MAX_PIXELS / 1e6} (scale it down first)`;
  }
  // EXIF orientations 5-8 turn the photo a quarter: its upright width is the stored height.
  const turned = (meta.orientation ?? 1) >= 5;
  const hash = photoHash(bytes);
  return { src, hash, width: turned ? meta.height : meta.width, height: turned ? meta.width : meta.height };
}

/** A photo's name in every variant: its content with the encoder settings (SourceImage.hash). */
export function photoHash(bytes: Uint8Array): string {
  return createHash("sha256").update(ENCODER_SETTINGS).update("\0").update(bytes).digest("hex").slice(0, 16);
}
