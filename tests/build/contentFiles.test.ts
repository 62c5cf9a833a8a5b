// A contribution that tries to publish files from outside the seeds folder (issue 26): links to
// files and folders, a FIFO, photos reached through links or `..`. Each is refused as
// `file:line: message` naming it, by the build (in this thread and in workers) and by the check;
// nothing is written, and no byte of a refused file shows in any message.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { buildContent } from "../../src/build/buildContent";
import { formatProblem } from "../../src/build/problem";
import { problemLines, runBuildCommand, seedsFolder, tempFolder } from "./seedsFolder";

/** What the files outside the seeds folder hold: it must appear nowhere. */
const SECRET = "SECRET-7f3a9c";
const LINK = "a symbolic link: the build reads no file through a link (commit the file itself)";

/** A folder outside the seeds folder, as a build machine has: a token file and a photo. */
async function outside(): Promise<string> {
  const dir = tempFolder();
  writeFileSync(join(dir, "secret.txt"), `Headline ${SECRET}\n\nThe token is ${SECRET}.\n`);
  writeFileSync(join(dir, "001_planted.txt"), `Planted ${SECRET}\n\nBody ${SECRET}.\n`);
  await sharp({ create: { width: 64, height: 48, channels: 3, background: "#336699" } })
    .jpeg()
    .withMetadata({ exif: { IFD0: { ImageDescription: SECRET } } })
    .toFile(join(dir, "photo.jpg"));
  return dir;
}

/** A seeds folder holding every kind of entry that reaches outside it, and one sound seed. */
async function hostileFolder(): Promise<{ seeds: string; secret: string }> {
  const secret = await outside();
  const seeds = seedsFolder({
    "003_real.txt": "A real story\n\nIts body.\n",
    "006_lead.md": [
      "---",
      "date: 2026-01-01T00:00:00Z",
      "image:",
      "  src: media/outside.jpg",
      "  alt: A photo from outside",
      "---",
      "",
      "# Lead photo through a link",
      "",
      "Text.",
      "",
    ].join("\n"),
    "007_paths.md": [
      "# Paths out of seeds/media/",
      "",
      "![Up](media/../003_real.txt)",
      "",
      "![Encoded](media/%2e%2e/%2e%2e/secret.txt)",
      "",
      "![Absolute](/etc/hostname)",
      "",
    ].join("\n"),
    "008_body.md":
      "# Photos through links\n\n![A photo](media/outside.jpg)\n\n![An album](media/album/photo.jpg)\n",
    // Backslashes in front matter: in Markdown, `\.` is an escaped dot.
    "009_backslashes.md": [
      "---",
      "image:",
      "  src: media\\..\\..\\secret.txt",
      "  alt: Backslashes",
      "---",
      "",
      "# Backslashes",
      "",
    ].join("\n"),
  });
  symlinkSync(join(secret, "secret.txt"), join(seeds, "001_outside.txt"));
  symlinkSync("003_real.txt", join(seeds, "002_inside.txt"));
  symlinkSync(secret, join(seeds, "004_folder"));
  execFileSync("mkfifo", [join(seeds, "005_pipe.txt")]);
  mkdirSync(join(seeds, "media"));
  symlinkSync(join(secret, "photo.jpg"), join(seeds, "media", "outside.jpg"));
  symlinkSync(secret, join(seeds, "media", "album"));
  return { seeds, secret };
}

/** Every problem hostileFolder must be refused with, in the order the build lists them. */
const REFUSED = [
  `seeds/001_outside.txt:1: ${LINK}`,
  `seeds/002_inside.txt:1: ${LINK}`,
  `seeds/004_folder:1: ${LINK}`,
  "seeds/005_pipe.txt:1: a FIFO (named pipe): the build reads only regular files",
  'seeds/007_paths.md:3: image path "media/../003_real.txt" is outside seeds/media/ (write media/photo.jpg)',
  'seeds/007_paths.md:5: image path "media/%2e%2e/%2e%2e/secret.txt" is outside seeds/media/ (write media/photo.jpg)',
  'seeds/007_paths.md:7: image path "/etc/hostname" is outside seeds/media/ (write media/photo.jpg)',
  "seeds/009_backslashes.md:2: front matter 'image': image path \"media\\\\..\\\\..\\\\secret.txt\" is outside seeds/media/ (write media/photo.jpg)",
  `seeds/006_lead.md:3: image media/outside.jpg is ${LINK}`,
  `seeds/008_body.md:3: image media/outside.jpg is ${LINK}`,
  `seeds/008_body.md:5: image media/album/photo.jpg is inside media/album, ${LINK}`,
];

function buildOf(seedsDir: string) {
  return buildContent({ seedsDir, label: "seeds", sourceDateEpoch: "1767225600" });
}

describe("files from outside the seeds folder", () => {
  it("refuses links, folder links, a FIFO and photos through links or '..', each as file:line", async () => {
    const { seeds } = await hostileFolder();
    const result = await buildOf(seeds);
    if (result.ok) throw new Error("a folder of links was published");
    const lines = result.problems.map(formatProblem);
    expect(lines).toEqual(REFUSED);
    expect(lines.join("\n")).not.toContain(SECRET);
  });

  it("npm run build (in workers) refuses them alike, prints no byte of them, and writes nothing", async () => {
    const { seeds } = await hostileFolder();
    const build = runBuildCommand("cli", seeds, { BUILD_WORKERS: "1" });
    expect(build.status).toBe(1);
    expect(problemLines(build.stderr)).toEqual(REFUSED);
    expect(build.stderr).toMatch(/build failed: 11 problem\(s\) in 8 file\(s\); nothing was written/);
    expect(build.stdout + build.stderr).not.toContain(SECRET);
    expect(existsSync(join(build.out, "generated"))).toBe(false);
    expect(existsSync(join(build.out, "assets"))).toBe(false);
    expect(existsSync(join(build.out, "media-cache"))).toBe(false);
  });

  it("npm run check shows the same problems before merge, as file:line on stdout", async () => {
    const { seeds } = await hostileFolder();
    const check = runBuildCommand("checkCli", seeds);
    expect(check.status).toBe(1);
    expect(problemLines(check.stdout)).toEqual(REFUSED);
    expect(check.stdout + check.stderr).not.toContain(SECRET);
  });

  it("refuses seeds/media as a link, and the photos read through it", async () => {
    const secret = await outside();
    const seeds = seedsFolder({
      "001_photo.md": "# A photo\n\n![A photo](media/photo.jpg)\n",
    });
    symlinkSync(secret, join(seeds, "media"));
    const result = await buildOf(seeds);
    if (result.ok) throw new Error("photos of a linked media folder were published");
    expect(result.problems.map(formatProblem)).toEqual([
      `seeds/media:1: ${LINK}`,
      `seeds/001_photo.md:3: image media/photo.jpg is inside media, ${LINK}`,
    ]);
  });

  it("refuses a seeds folder that is itself a link; SEEDS_DIR, the operator's, is resolved", async () => {
    const real = seedsFolder({ "001_a.txt": "Headline\n\nBody.\n" });
    const link = join(tempFolder(), "seeds");
    symlinkSync(real, link);
    const result = await buildOf(link);
    if (result.ok) throw new Error("a linked seeds folder was taken");
    expect(result.problems.map(formatProblem)).toEqual([`seeds: the seeds folder is ${LINK}`]);
    const check = runBuildCommand("checkCli", link);
    expect(check.stderr).toMatch(/no problems/);
    expect(check.status).toBe(0);
  });

  it("still publishes photos in real folders under seeds/media/", async () => {
    const seeds = seedsFolder({ "001_photo.md": "# A photo\n\n![A photo](media/album/./photo.jpg)\n" });
    mkdirSync(join(seeds, "media", "album"), { recursive: true });
    await sharp({ create: { width: 64, height: 48, channels: 3, background: "#336699" } })
      .jpeg()
      .toFile(join(seeds, "media", "album", "photo.jpg"));
    const result = await buildOf(seeds);
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
    expect(result.media.map((image) => image.src)).toEqual(["media/album/photo.jpg"]);
  });
});
