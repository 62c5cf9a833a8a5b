// Photos that do not sit in seeds/media/ as plain files (issue 27, originals): a photo tracked with
// Git LFS but never fetched is refused as `file:line` naming it; with MEDIA_DIR set, photos are
// read from that folder outside the repository, with the same refusals as in seeds/media/.

import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import sharp from "sharp";
import { afterEach, describe, expect, it, vi } from "vitest";
import { buildContent } from "../../src/build/buildContent";
import { photoHash } from "../../src/build/inspectImage";
import { formatProblem } from "../../src/build/problem";
import { mediaFolder } from "../../src/build/validateSeeds";
import { problemLines, runBuildCommand, seedsFolder, tempFolder } from "./seedsFolder";

const LINK = "a symbolic link: the build reads no file through a link (commit the file itself)";

afterEach(() => {
  vi.unstubAllEnvs();
});

/** A small JPEG of one colour. */
const jpeg = (background: string): Promise<Buffer> =>
  sharp({ create: { width: 64, height: 48, channels: 3, background } })
    .jpeg()
    .toBuffer();

/** The pointer `git lfs` leaves in place of `bytes` when they were not fetched. */
function pointerOf(bytes: Uint8Array): { text: string; oid: string } {
  const oid = createHash("sha256").update(bytes).digest("hex");
  return {
    text: `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${bytes.length}\n`,
    oid,
  };
}

/** A Markdown seed whose lead photo is front matter `image.src` (reported at `image:`, line 2). */
const withLead = (src: string): string =>
  `---\nimage:\n  src: ${src}\n  alt: The harbour\n---\n\n# A lead photo\n\nText.\n`;
/** A Markdown seed showing `src` in its body (line 3). */
const withPhoto = (src: string): string => `# A photo\n\n![The harbour](${src})\n\nText.\n`;

function buildOf(seedsDir: string) {
  return buildContent({
    seedsDir,
    label: "seeds",
    photos: mediaFolder(seedsDir, "seeds"),
    sourceDateEpoch: "1767225600",
  });
}

describe("Git LFS photos in seeds/media/", () => {
  /** Seeds showing two photos left as LFS pointers (lead and body) and one fetched photo. */
  async function lfsFolder() {
    const lead = await jpeg("#336699");
    const body = await jpeg("#996633");
    const seeds = seedsFolder({
      "001_lead.md": withLead("media/lead.jpg"),
      "002_body.md": withPhoto("media/body.jpg"),
      "003_fetched.md": withPhoto("media/fetched.jpg"),
    });
    mkdirSync(join(seeds, "media"));
    const leadPointer = pointerOf(lead);
    const bodyPointer = pointerOf(body);
    writeFileSync(join(seeds, "media", "lead.jpg"), leadPointer.text);
    writeFileSync(join(seeds, "media", "body.jpg"), bodyPointer.text);
    writeFileSync(join(seeds, "media", "fetched.jpg"), await jpeg("#669933"));
    const refused = [
      `seeds/001_lead.md:2: image media/lead.jpg is a Git LFS pointer (the photo, ${lead.length} bytes, was not fetched): run git lfs pull`,
      `seeds/002_body.md:3: image media/body.jpg is a Git LFS pointer (the photo, ${body.length} bytes, was not fetched): run git lfs pull`,
    ];
    return { seeds, refused, oids: [leadPointer.oid, bodyPointer.oid] };
  }

  it("refuses an un-fetched pointer as file:line naming the photo; the fetched photo beside it is fine", async () => {
    const { seeds, refused, oids } = await lfsFolder();
    const result = await buildOf(seeds);
    if (result.ok) throw new Error("an LFS pointer was published as a photo");
    const lines = result.problems.map(formatProblem);
    expect(lines).toEqual(refused);
    for (const oid of oids) expect(lines.join("\n")).not.toContain(oid);
  });

  it("npm run check lists the same problems as file:line on stdout", async () => {
    const { seeds, refused, oids } = await lfsFolder();
    const check = runBuildCommand("checkCli", seeds);
    expect(check.status).toBe(1);
    expect(problemLines(check.stdout)).toEqual(refused);
    for (const oid of oids) expect(check.stdout + check.stderr).not.toContain(oid);
  });

  it("builds once the photos are fetched (the checked-out files are read like any other)", async () => {
    const seeds = seedsFolder({ "001_lead.md": withLead("media/lead.jpg") });
    mkdirSync(join(seeds, "media"));
    const lead = await jpeg("#336699");
    writeFileSync(join(seeds, "media", "lead.jpg"), lead);
    const result = await buildOf(seeds);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    expect(result.media.map((image) => image.hash)).toEqual([photoHash(lead)]);
  });
});

describe("MEDIA_DIR, a folder of photos outside the repository", () => {
  it("npm run build reads the photos from MEDIA_DIR (media/<path> is <MEDIA_DIR>/<path>)", async () => {
    const seeds = seedsFolder({
      "001_lead.md": withLead("media/2026/lead.jpg"),
      "002_body.md": withPhoto("media/body.jpg"),
    });
    const media = tempFolder();
    mkdirSync(join(media, "2026"));
    const lead = await jpeg("#336699");
    const body = await jpeg("#996633");
    writeFileSync(join(media, "2026", "lead.jpg"), lead);
    writeFileSync(join(media, "body.jpg"), body);
    const build = runBuildCommand("cli", seeds, { MEDIA_DIR: media });
    expect(build.stderr).toMatch(/2 photo\(s\)/);
    expect(build.status).toBe(0);
    const written = readdirSync(join(build.out, "media"));
    for (const bytes of [lead, body]) {
      expect(written.filter((name) => name.startsWith(photoHash(bytes))).length).toBeGreaterThan(0);
    }
  });

  it("replaces seeds/media/ whole: a photo only there is missing, one in both is MEDIA_DIR's", async () => {
    const seeds = seedsFolder({
      "001_both.md": withPhoto("media/both.jpg"),
      "002_only-in-seeds.md": withPhoto("media/only-in-seeds.jpg"),
    });
    mkdirSync(join(seeds, "media"));
    writeFileSync(join(seeds, "media", "both.jpg"), await jpeg("#000000"));
    writeFileSync(join(seeds, "media", "only-in-seeds.jpg"), await jpeg("#000000"));
    const media = tempFolder();
    const outside = await jpeg("#ffffff");
    writeFileSync(join(media, "both.jpg"), outside);
    vi.stubEnv("MEDIA_DIR", media);
    const result = await buildOf(seeds);
    if (result.ok) throw new Error("a photo of seeds/media/ was read with MEDIA_DIR set");
    const named = `MEDIA_DIR ${relative(process.cwd(), media)}/`;
    expect(result.problems.map(formatProblem)).toEqual([
      `seeds/002_only-in-seeds.md:3: image media/only-in-seeds.jpg does not exist (put it in ${named})`,
    ]);
    // Without the seed naming the missing photo, the build shows MEDIA_DIR's photo.
    writeFileSync(join(seeds, "002_only-in-seeds.md"), "# No photo\n\nText.\n");
    const built = await buildOf(seeds);
    if (!built.ok) throw new Error(built.problems.map(formatProblem).join("\n"));
    expect(built.media.map((image) => image.hash)).toEqual([photoHash(outside)]);
  });

  it("refuses links inside MEDIA_DIR, and names a missing photo by MEDIA_DIR's path (npm run check)", async () => {
    const secret = tempFolder();
    writeFileSync(join(secret, "photo.jpg"), await jpeg("#ff0000"));
    const seeds = seedsFolder({
      "001_link.md": withPhoto("media/link.jpg"),
      "002_album.md": withPhoto("media/album/photo.jpg"),
      "003_missing.md": withPhoto("media/missing.jpg"),
    });
    const media = tempFolder();
    symlinkSync(join(secret, "photo.jpg"), join(media, "link.jpg"));
    symlinkSync(secret, join(media, "album"));
    const check = runBuildCommand("checkCli", seeds, { MEDIA_DIR: media });
    expect(check.status).toBe(1);
    expect(problemLines(check.stdout)).toEqual([
      `seeds/001_link.md:3: image media/link.jpg is ${LINK}`,
      `seeds/002_album.md:3: image media/album/photo.jpg is inside album, ${LINK}`,
      `seeds/003_missing.md:3: image media/missing.jpg does not exist (put it in MEDIA_DIR ${relative(process.cwd(), media)}/)`,
    ]);
  });

  it("MEDIA_DIR itself, the operator's choice, may be a link: resolved once", async () => {
    const seeds = seedsFolder({ "001_photo.md": withPhoto("media/photo.jpg") });
    const media = tempFolder();
    const photo = await jpeg("#336699");
    writeFileSync(join(media, "photo.jpg"), photo);
    const link = join(tempFolder(), "photos");
    symlinkSync(media, link);
    vi.stubEnv("MEDIA_DIR", link);
    const result = await buildOf(seeds);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    expect(result.media.map((image) => image.hash)).toEqual([photoHash(photo)]);
    expect(readFileSync(join(link, "photo.jpg"))).toEqual(photo);
  });
});
