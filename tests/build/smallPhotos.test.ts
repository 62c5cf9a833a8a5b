// Photos smaller than the sizes the build makes: no file is ever enlarged, every page and feed states
// the real size of the file it names, and a lead photo too small for a large share card is published
// with a warning and the small Twitter card.

import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { buildContent } from "../../src/build/buildContent";
import { encodeMedia } from "../../src/build/encodeMedia";
import { mediaVariants, type SourceImage } from "../../src/build/mediaVariants";
import { photosInSeeds } from "../../src/build/photoFolder";
import { formatProblem } from "../../src/build/problem";
import type { Story } from "../../src/core/types";
import type { FeedDocument } from "../../src/feeds/feedContext";
import { renderAtom } from "../../src/feeds/renderAtom";
import { renderRss } from "../../src/feeds/renderRss";
import { renderStoryPage } from "../../src/pages/renderStoryPage";
import { decodeEntities } from "../fixtures/htmlQuery";
import { parseXml } from "../fixtures/parseXml";
import { makeSite, NOW } from "../fixtures/stories";
import { tempFolder } from "./seedsFolder";

/** A real photo, 2400x1600, downscaled here to the sizes under test. */
const HARBOUR = join("tests", "fixtures", "e2e-seeds", "media", "harbour-at-dawn.jpg");
const SMALL_CARD = "pages ask for the small share card";

/**
 * A seeds folder with real JPEGs made from the harbour photo: 150 and 720 px wide,
 * a 1600x500 panorama (wide enough, too short), the 2400x1600 original, and a
 * 720x480 stored turned a quarter by EXIF (upright 480x720); and `files`.
 */
async function photoFolder(files: Record<string, string>): Promise<string> {
  const dir = tempFolder();
  mkdirSync(join(dir, "media"));
  const media = (name: string) => join(dir, "media", name);
  await sharp(HARBOUR).resize(150).jpeg().toFile(media("tiny.jpg"));
  await sharp(HARBOUR).resize(720).jpeg().toFile(media("small.jpg"));
  await sharp(HARBOUR).resize(1600, 500, { fit: "cover" }).jpeg().toFile(media("wide.jpg"));
  await sharp(HARBOUR).jpeg().toFile(media("large.jpg"));
  await sharp(HARBOUR).resize(720).withMetadata({ orientation: 6 }).jpeg().toFile(media("turned.jpg"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A Markdown seed whose lead is front matter `image` `src` (on line 3). */
const withLead = (title: string, src: string): string =>
  `---\ndate: 2026-11-01T08:00:00Z\nimage:\n  src: ${src}\n  alt: The harbour\n---\n\n# ${title}\n\nText.\n`;
/** A Markdown seed whose lead is the first photo of its body, `src` (on line 7). */
const withPhoto = (title: string, src: string, more = ""): string =>
  `---\ndate: 2026-11-02T08:00:00Z\n---\n\n# ${title}\n\n![The harbour](${src})\n\nText.\n${more}`;

const SEEDS = {
  "001_tiny.md": withLead("Tiny", "media/tiny.jpg"),
  // The tiny photo again, not as the lead: no warning for it here.
  "002_small.md": withPhoto("Small", "media/small.jpg", "\n![Again](media/tiny.jpg)\n"),
  "003_wide.md": withPhoto("Wide", "media/wide.jpg"),
  "004_large.md": withLead("Large", "media/large.jpg"),
  "005_turned.md": withPhoto("Turned", "media/turned.jpg"),
};

/** Upright pixel size of an encoded file or a photo (EXIF orientations 5-8 turn it a quarter). */
async function sizeOf(path: string): Promise<{ width: number; height: number }> {
  const { width, height, orientation } = await sharp(path).metadata();
  return (orientation ?? 1) >= 5 ? { width: height, height: width } : { width, height };
}

/** The stories of `dir`, their photos and the build's warnings. */
async function build(dir: string) {
  const result = await buildContent({ seedsDir: dir, label: "seeds", sourceDateEpoch: "1767225600" });
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
  return result;
}

/** Builds `dir` and encodes its photos into a fresh cache; the stories and each file's real size. */
async function buildAndEncode(dir: string) {
  const result = await build(dir);
  const encoded = await encodeMedia(photosInSeeds(dir, "seeds"), result.media, tempFolder());
  /** The real size of the file a URL names (absolute or root-relative). */
  const realSize = (url: string) => {
    const path = encoded.files.get(url.slice(url.lastIndexOf("/media/") + "/media/".length));
    if (!path) throw new Error(`no file for ${url}`);
    return sizeOf(path);
  };
  return { ...result, realSize };
}

/** A story page's `<meta>` values by property or name (our renderer writes each on one line). */
function metasOf(html: string): Map<string, string> {
  const metas = new Map<string, string>();
  for (const [, key, value] of html.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)">/g)) {
    metas.set(key!, decodeEntities(value!));
  }
  return metas;
}

const byId = (stories: readonly Story[], id: string): Story => stories.find((story) => story.id === id)!;
const current = (stories: readonly Story[]): FeedDocument => ({ stories, archivePage: null, archives: 0 });

describe("photos smaller than the sizes the build makes", () => {
  it("are never enlarged: every encoded file is at most the photo's size, and exactly the size it is named with", async () => {
    const dir = await photoFolder(SEEDS);
    const built = await buildAndEncode(dir);
    expect(built.media).toHaveLength(5);
    for (const image of built.media) {
      const source = await sizeOf(join(dir, image.src));
      expect({ width: image.width, height: image.height }).toEqual(source);
      for (const variant of mediaVariants(image)) {
        const real = await built.realSize(`/media/${variant.name}`);
        expect(real, `${image.src} ${variant.name}`).toEqual({
          width: variant.width,
          height: variant.height,
        });
        expect(real.width, `${image.src} ${variant.name}`).toBeLessThanOrEqual(source.width);
        expect(real.height, `${image.src} ${variant.name}`).toBeLessThanOrEqual(source.height);
      }
    }
    // The 150 px photo: one width (its own), and each crop the largest of its ratio that it holds.
    const tiny = built.media.find((image) => image.src === "media/tiny.jpg")!;
    expect(
      mediaVariants(tiny).map(({ kind, format, width, height }) => [kind, format, width, height]),
    ).toEqual([
      ["w", "webp", 150, 100],
      ["w", "jpeg", 150, 100],
      ["card", "jpeg", 150, 79],
      ["16x9", "jpeg", 150, 84],
      ["4x3", "jpeg", 133, 100],
      ["1x1", "jpeg", 100, 100],
    ]);
  });

  it("state the real size of the file they name: og:image, NewsArticle image, media:content", async () => {
    const built = await buildAndEncode(await photoFolder(SEEDS));
    const site = makeSite();
    for (const story of built.stories) {
      const html = renderStoryPage(site, story, { newer: null, older: null }, NOW);
      const metas = metasOf(html);
      expect(await built.realSize(metas.get("og:image")!), story.id).toEqual({
        width: Number(metas.get("og:image:width")),
        height: Number(metas.get("og:image:height")),
      });
      const ld = JSON.parse(html.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/)![1]!);
      expect(ld.image).toHaveLength(3);
      for (const image of ld.image) {
        expect(image["@type"]).toBe("ImageObject");
        expect(await built.realSize(image.url), `${story.id} ${image.url}`).toEqual({
          width: image.width,
          height: image.height,
        });
      }
    }
    const rss = parseXml(renderRss(site, current(built.stories))).rss.channel.item;
    const atom = parseXml(renderAtom(site, current(built.stories))).feed.entry;
    expect(rss).toHaveLength(5);
    expect(atom).toHaveLength(5);
    for (const item of [...rss, ...atom]) {
      for (const media of [item["media:content"], item["media:thumbnail"]].filter(Boolean)) {
        expect(await built.realSize(media["@url"]), media["@url"]).toEqual({
          width: Number(media["@width"]),
          height: Number(media["@height"]),
        });
      }
    }
    // The 150 px photo's card as published: its own size, not 1200x630.
    const tiny = metasOf(
      renderStoryPage(site, byId(built.stories, "tiny"), { newer: null, older: null }, NOW),
    );
    expect([tiny.get("og:image:width"), tiny.get("og:image:height")]).toEqual(["150", "79"]);
    expect(byId(built.stories, "tiny").image!.full).toMatchObject({ width: 150, height: 100 });
  });

  it("ask for the small Twitter card when the lead cannot make a full 1200x630 share card", async () => {
    const built = await build(await photoFolder(SEEDS));
    const cards = Object.fromEntries(
      built.stories.map((story) => [
        story.id,
        metasOf(renderStoryPage(makeSite(), story, { newer: null, older: null }, NOW)).get("twitter:card"),
      ]),
    );
    expect(cards).toEqual({
      tiny: "summary",
      small: "summary",
      wide: "summary",
      large: "summary_large_image",
      turned: "summary",
    });
    const large = metasOf(
      renderStoryPage(makeSite(), byId(built.stories, "large"), { newer: null, older: null }, NOW),
    );
    expect([large.get("og:image:width"), large.get("og:image:height")]).toEqual(["1200", "630"]);
  });

  it("warn for each story whose lead is too small for a large share card, naming the seed's line, the photo and its size", async () => {
    const built = await build(await photoFolder(SEEDS));
    expect(built.warnings).toEqual([
      `seeds/001_tiny.md:3: media/tiny.jpg is 150x100, its share card 150x79: under 1200 px wide, ${SMALL_CARD}`,
      `seeds/002_small.md:7: media/small.jpg is 720x480, its share card 720x378: under 1200 px wide, ${SMALL_CARD}`,
      `seeds/003_wide.md:7: media/wide.jpg is 1600x500, its share card 952x500: under 1200 px wide, ${SMALL_CARD}`,
      `seeds/005_turned.md:7: media/turned.jpg is 480x720, its share card 480x252: under 1200 px wide, ${SMALL_CARD}`,
    ]);
  });

  it("npm run build publishes the small photo and prints the warning on standard error", async () => {
    const dir = await photoFolder({ "002_small.md": SEEDS["002_small.md"] });
    const out = tempFolder();
    const run = spawnSync(join("node_modules", ".bin", "tsx"), ["src/build/cli.ts"], {
      encoding: "utf8",
      env: {
        ...process.env,
        SEEDS_DIR: dir,
        CONTENT_MODULE: join(out, "content.ts"),
        ASSETS_DIR: join(out, "assets"),
        MEDIA_CACHE_DIR: join(out, "media-cache"),
        GIT_DATES_CACHE: join(out, "git-dates.json"),
      },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /^warning: \S*\/002_small\.md:7: media\/small\.jpg is 720x480, its share card 720x378: under 1200 px wide, pages ask for the small share card$/m,
    );
    expect(run.stderr).toMatch(/^built .*: 1 story;/m);
  });
});

describe("the sizes of a photo's files (property)", () => {
  it("never exceed the photo, keep each crop's ratio, and give the full card exactly when the photo holds 1200x630", () => {
    const ratios = { card: 1200 / 630, "16x9": 16 / 9, "4x3": 4 / 3, "1x1": 1 };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6000 }), fc.integer({ min: 1, max: 6000 }), (width, height) => {
        const image: SourceImage = { src: "media/x.jpg", hash: "0123456789abcdef", width, height };
        const variants = mediaVariants(image);
        for (const variant of variants) {
          expect(variant.width).toBeLessThanOrEqual(width);
          expect(variant.height).toBeLessThanOrEqual(height);
          if (variant.kind === "w") continue;
          // Within rounding (half a pixel on each side) of the crop's ratio.
          const ratio = ratios[variant.kind];
          expect(Math.abs(variant.width - variant.height * ratio)).toBeLessThanOrEqual(0.5 + 0.5 * ratio);
          // The largest that fits: one side is the photo's, or the crop is at full size.
          const full = variant.width === 1200;
          expect(full || variant.width >= width - 1 || variant.height >= height - 1).toBe(true);
        }
        const card = variants.find((variant) => variant.kind === "card")!;
        expect(card.width === 1200 && card.height === 630).toBe(width >= 1200 && height >= 630);
        expect(new Set(variants.map((variant) => variant.name)).size).toBe(variants.length);
      }),
    );
  });
});
