// What counts as a Git LFS pointer (the spec's shape), and what merely looks like one.

import { createHash } from "node:crypto";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { lfsPointer } from "../../src/build/lfsPointer";

/** The pointer `git lfs` writes for `bytes` (Git LFS spec: version, oid, size, sorted, LF). */
function pointerOf(bytes: Uint8Array, version = "https://git-lfs.github.com/spec/v1"): Buffer {
  const oid = createHash("sha256").update(bytes).digest("hex");
  return Buffer.from(`version ${version}\noid sha256:${oid}\nsize ${bytes.length}\n`);
}

const jpeg = (): Promise<Buffer> =>
  sharp({ create: { width: 32, height: 24, channels: 3, background: "#336699" } })
    .jpeg()
    .toBuffer();

describe("lfsPointer", () => {
  it("reads a pointer's size, the current version and the pre-release one", async () => {
    const photo = await jpeg();
    expect(lfsPointer(pointerOf(photo))).toEqual({ size: photo.length });
    expect(lfsPointer(pointerOf(photo, "https://hawser.github.com/spec/v1"))).toEqual({ size: photo.length });
    // An extension key sorted between them, and no final newline: still a pointer.
    const oid = "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393";
    const extended = `version https://git-lfs.github.com/spec/v1\next-0-foo sha256:${oid}\noid sha256:${oid}\nsize 12345`;
    expect(lfsPointer(Buffer.from(extended))).toEqual({ size: 12345 });
  });

  it("is not a JPEG, even one whose comment holds a pointer", async () => {
    const photo = await jpeg();
    expect(lfsPointer(photo)).toBeNull();
    const commented = await sharp(photo)
      .withMetadata({ exif: { IFD0: { ImageDescription: pointerOf(photo).toString() } } })
      .jpeg()
      .toBuffer();
    expect(lfsPointer(commented)).toBeNull();
  });

  it("is not a text file that mentions the spec after its first line", async () => {
    const text = `Our photos use Git LFS.\n${pointerOf(await jpeg()).toString()}`;
    expect(lfsPointer(Buffer.from(text))).toBeNull();
  });

  it("is not an empty file, nor a pointer with a part missing or wrong", async () => {
    expect(lfsPointer(new Uint8Array(0))).toBeNull();
    const pointer = pointerOf(await jpeg()).toString();
    expect(lfsPointer(Buffer.from(pointer.replace(/\nsize \d+/, "")))).toBeNull();
    expect(lfsPointer(Buffer.from(pointer.replace("sha256:", "md5:")))).toBeNull();
    expect(lfsPointer(Buffer.from(pointer.replace("/spec/v1", "/spec/v2")))).toBeNull();
    expect(lfsPointer(Buffer.from(pointer.replace(/size (\d+)/, "size -$1")))).toBeNull();
    // Over the 1024 bytes Git LFS reads as a pointer.
    expect(lfsPointer(Buffer.from(`${pointer}x-pad ${"a".repeat(1024)}\n`))).toBeNull();
  });
});
