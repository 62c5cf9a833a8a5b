// Encodes every variant of the photos a build uses, once: encoded files are kept in a cache named by
// the photo's content and the encoder settings, so an unchanged photo is never encoded again.

import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type Sharp from "sharp";
import { photoHash } from "./inspectImage";
import { mediaVariants, type SourceImage, type Variant } from "./mediaVariants";
import { readPhoto, type PhotoFolder } from "./photoFolder";

/** What encoding did: the cache file of each variant (by its name), and how many were encoded now. */
export interface EncodedMedia {
  readonly files: ReadonlyMap<string, string>;
  readonly encoded: number;
  readonly reused: number;
}

/** Encodes the variants of `images` (read from `photos`) into `cacheDir`, reusing what is there. */
export async function encodeMedia(
  photos: PhotoFolder,
  images: readonly SourceImage[],
  cacheDir: string,
  onProgress?: (done: number, total: number) => void,
): Promise<EncodedMedia> {
  mkdirSync(cacheDir, { recursive: true });
  const files = new Map<string, string>();
  let encoded = 0;
  let reused = 0;
  for (const [done, image] of images.entries()) {
    onProgress?.(done, images.length);
    const missing = mediaVariants(image).filter((variant) => {
      files.set(variant.name, join(cacheDir, variant.name));
      return !existsSync(join(cacheDir, variant.name));
    });
    reused += mediaVariants(image).length - missing.length;
    if (missing.length === 0) continue;
    // Loaded only when a photo needs encoding: most builds have none to encode, and sharp takes
    // a tenth of a second to load.
    const { default: sharp } = await import("sharp");
    const source = readPhoto(photos, image.src);
    // Read a second time: a photo edited since it was inspected would be encoded at the old
    // sizes and cached for good under the old content's name.
    if (photoHash(source) !== image.hash) {
      throw new Error(`${image.src} changed during the build; build again`);
    }
    await Promise.all(
      missing.map(async (variant) => {
        const bytes = await encode(sharp, source, variant);
        // Atomic, so an interrupted build never leaves a truncated file under a valid name.
        const temp = join(cacheDir, `${variant.name}.${process.pid}.tmp`);
        writeFileSync(temp, bytes);
        renameSync(temp, join(cacheDir, variant.name));
        encoded++;
      }),
    );
  }
  return { files, encoded, reused };
}

/** One variant: upright (EXIF), metadata stripped, resized or cropped (keeping what draws the eye). */
function encode(sharp: typeof Sharp, source: Buffer, variant: Variant): Promise<Buffer> {
  const image = sharp(source, { limitInputPixels: false }).rotate();
  const sized =
    variant.kind === "w"
      ? image.resize(variant.width, variant.height, { fit: "fill" })
      : image.resize(variant.width, variant.height, { fit: "cover", position: sharp.strategy.attention });
  return variant.format === "webp"
    ? sized.webp({ quality: 80 }).toBuffer()
    : sized
        .flatten({ background: "#ffffff" })
        .jpeg({ quality: 80, mozjpeg: true, progressive: true })
        .toBuffer();
}
