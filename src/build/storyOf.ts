// A story from a parsed seed, once the plan has dated it and its photos are inspected.

import { dateRfc3339 } from "../core/dates";
import { slugify } from "../core/slugify";
import type { ImageFile, LeadImage, Story } from "../core/types";
import { figureHtml, markdownHtml, markdownText, type Photo } from "./markdownHtml";
import { mediaPath, mediaVariants, type SourceImage, type Variant } from "./mediaVariants";
import type { SeedDraft } from "./parseSeed";
import { storyGuid } from "./storyGuid";
import { summarize } from "./summarize";

/** A seed the plan has placed: its identity and its dates (RFC 3339), final. */
export interface PlannedSeed {
  /** The file's name in the seeds folder. */
  readonly name: string;
  /** Its place among the seeds given to the parser (see planSeeds). */
  readonly seq: number;
  readonly number: number;
  readonly id: string;
  readonly format: "txt" | "md";
  readonly published: string;
  readonly updated: string;
}

/** The story of `seed`, from its parsed `draft` and the photos of the seeds folder. */
export function storyOf(
  seed: PlannedSeed,
  draft: SeedDraft,
  images: ReadonlyMap<string, SourceImage>,
): Story {
  const { frontMatter } = draft;
  return {
    id: seed.id,
    number: seed.number,
    guid: storyGuid(seed.id),
    title: draft.title,
    slug: slugify(draft.title),
    paragraphs: draft.paragraphs,
    summary:
      frontMatter.summary ?? summarize(draft.markdown?.firstParagraph ?? draft.paragraphs[0] ?? draft.title),
    ...(draft.markdown ? richBody(draft, images) : {}),
    author: frontMatter.author ?? null,
    tags: frontMatter.tags ?? [],
    ...(frontMatter.draft ? { draft: true as const } : {}),
    ...(frontMatter.retracted ? { retracted: true as const } : {}),
    ...(frontMatter.correction ? { correction: frontMatter.correction } : {}),
    published: seed.published,
    updated: seed.updated,
  };
}

/** What a story's dates come from in its front matter (RFC 3339), and the photos it shows. */
export interface SeedFacts {
  readonly date?: string;
  readonly updated?: string;
  /** The lead first (front matter `image`, else the body's first, as richBody takes it), then the body's. */
  readonly photos: readonly { readonly src: string; readonly line: number }[];
}

/** The facts of `draft` that the plan needs. */
export function seedFacts(draft: Pick<SeedDraft, "frontMatter" | "markdown">): SeedFacts {
  const { frontMatter } = draft;
  return {
    ...(frontMatter.date ? { date: dateRfc3339(frontMatter.date) } : {}),
    ...(frontMatter.updated ? { updated: dateRfc3339(frontMatter.updated) } : {}),
    photos: [...(frontMatter.image ? [frontMatter.image] : []), ...(draft.markdown?.images ?? [])].map(
      ({ src, line }) => ({ src, line }),
    ),
  };
}

/** A Markdown story's HTML, plain text and lead image, its photos inspected. */
function richBody(
  draft: SeedDraft,
  images: ReadonlyMap<string, SourceImage>,
): Pick<Story, "html" | "text" | "image"> {
  const markdown = draft.markdown!;
  const photos: Photo[] = markdown.images.map((ref) => ({ image: images.get(ref.src)!, ref }));
  const given = draft.frontMatter.image;
  // The lead: front matter `image`, else the first photo of the story.
  const lead = given ? { image: images.get(given.src)!, ref: given } : photos[0];
  const leadIndex = given
    ? markdown.images.findIndex((ref) => ref.src === given.src)
    : photos.length > 0
      ? 0
      : -1;
  const text = markdownText(markdown.tree);
  const html = markdownHtml(markdown.tree, photos, leadIndex);
  return { html, text, ...(lead ? { image: leadImage(lead, leadIndex >= 0) } : {}) };
}

/** The lead image's files and figure. */
function leadImage(photo: Photo, inBody: boolean): LeadImage {
  const variants = mediaVariants(photo.image);
  const file = (variant: Variant): ImageFile => ({
    url: mediaPath(variant),
    width: variant.width,
    height: variant.height,
  });
  const jpegs = variants.filter((variant) => variant.kind === "w" && variant.format === "jpeg");
  const crop = (kind: Variant["kind"]): ImageFile => file(variants.find((variant) => variant.kind === kind)!);
  const { alt, caption, credit } = photo.ref;
  return {
    alt,
    ...(caption ? { caption } : {}),
    ...(credit ? { credit } : {}),
    full: file(jpegs.at(-1)!),
    thumbnail: file(jpegs[0]!),
    card: crop("card"),
    crops: [crop("16x9"), crop("4x3"), crop("1x1")],
    figure: figureHtml(photo),
    inBody,
  };
}
