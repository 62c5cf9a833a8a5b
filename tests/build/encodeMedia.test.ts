// Encoding reads each photo again: it must encode the photo that was inspected, or nothing.

import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { encodeMedia } from "../../src/build/encodeMedia";
import { inspectImage } from "../../src/build/inspectImage";
import type { SourceImage } from "../../src/build/mediaVariants";
import { photosInSeeds } from "../../src/build/photoFolder";
import { tempFolder } from "./seedsFolder";

const HARBOUR = join("tests", "fixtures", "e2e-seeds", "media", "harbour-at-dawn.jpg");

describe("encodeMedia", () => {
  it("encodes a photo inspected and unchanged, and refuses one edited since, writing nothing", async () => {
    const seeds = tempFolder();
    const photos = photosInSeeds(seeds, "seeds");
    mkdirSync(join(seeds, "media"));
    copyFileSync(HARBOUR, join(seeds, "media", "photo.jpg"));
    const inspected = (await inspectImage(photos, "media/photo.jpg")) as SourceImage;
    expect(typeof inspected).toBe("object");

    const kept = tempFolder();
    expect((await encodeMedia(photos, [inspected], kept)).encoded).toBeGreaterThan(0);

    // Replaced between inspection and encoding by a photo of another size.
    writeFileSync(join(seeds, "media", "photo.jpg"), await sharp(HARBOUR).resize(150).jpeg().toBuffer());
    const cache = tempFolder();
    await expect(encodeMedia(photos, [inspected], cache)).rejects.toThrow(
      "media/photo.jpg changed during the build; build again",
    );
    expect(readdirSync(cache)).toEqual([]);
  });
});
