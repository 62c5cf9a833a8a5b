// The data model shared by the build (which produces it) and the Worker (which serves it).

import type { ArchiveManifest } from "./archiveLayout";

/** What the Worker keeps in memory of every story: enough for lists, links, redirects and dates. */
export interface StoryIndexEntry {
  /** Permanent identity from the file name (`NNN_<id>.txt`); never changes. */
  readonly id: string;
  /** URL slug derived from the title; cosmetic, the id is what identifies. */
  readonly slug: string;
  readonly title: string;
  /** RFC 3339 timestamps (UTC, second precision). */
  readonly published: string;
  readonly updated: string;
  /** Present (true) only for drafts: shown by `wrangler dev` (SHOW_DRAFTS), never in production. */
  readonly draft?: true;
  /** Present (true) only for retracted stories: 410 Gone, out of every list, an Atom tombstone. */
  readonly retracted?: true;
  /** The story's tags, when it has any (for topic pages and feeds). */
  readonly tags?: readonly string[];
}

/** What a list of stories (home page, topic page) shows of each. */
export type Listed = Pick<Story, "id" | "slug" | "title" | "published" | "summary" | "draft">;

/**
 * An index entry with the story's summary when it is at most
 * LISTED_SUMMARY_LENGTH characters (nearly always: see core/indexEntry.ts),
 * so a list shows it without reading the story.
 */
export interface ListedEntry extends StoryIndexEntry {
  readonly summary?: string;
}

/** One published story, as validated at build time. */
export interface Story extends StoryIndexEntry {
  /** The `NNN` ordering number from the file name. */
  readonly number: number;
  /** Feed GUID (`urn:uuid:` derived from `id` only), identical in every format. */
  readonly guid: string;
  /** Plain-text paragraphs, in order, never empty. */
  readonly paragraphs: readonly string[];
  /** Plain-text summary: front-matter `summary`, else the start of the first paragraph. */
  readonly summary: string;
  /** Author from front matter, or null for the site's default author. */
  readonly author: string | null;
  readonly tags: readonly string[];
  /** A correction note, shown with the story in every format. */
  readonly correction?: string;
  /**
   * Markdown stories only: the body as sanitised HTML, with root-relative URLs
   * (`/media/…`) and fragment links (`#user-content-fn-1`) that feeds make absolute.
   */
  readonly html?: string;
  /** Markdown stories only: the body as readable plain text (JSON Feed `content_text`). */
  readonly text?: string;
  /** The lead image, when the story has one. */
  readonly image?: LeadImage;
}

/** An image file the site serves (under `/media/`), with its size in pixels. */
export interface ImageFile {
  /** Root-relative, e.g. `/media/3f2a…-960.jpg`. */
  readonly url: string;
  readonly width: number;
  readonly height: number;
}

/** A story's lead image: front matter `image`, else the story's first image. */
export interface LeadImage {
  readonly alt: string;
  readonly caption?: string;
  readonly credit?: string;
  /** The largest JPEG (Media RSS `media:content`, JSON Feed `image`). */
  readonly full: ImageFile;
  /** The smallest JPEG (`media:thumbnail`). */
  readonly thumbnail: ImageFile;
  /** The share card (`og:image`): 1200x630, or smaller from a smaller photo (never enlarged). */
  readonly card: ImageFile;
  /** 16:9, 4:3 and 1:1 crops (NewsArticle `image`): 1200 wide, or smaller from a smaller photo. */
  readonly crops: readonly ImageFile[];
  /** Its `<figure>` HTML (not lazy-loaded), shown before the body when the body does not show it. */
  readonly figure: string;
  /** Whether the body already shows it. */
  readonly inBody: boolean;
}

/**
 * Everything the build hands to the Worker: the manifest the script bundles (a
 * few numbers, whatever the archive's size) and a reader of the archive's files
 * in the static assets (see core/archiveLayout.ts), so the script stays small
 * and a request reads only the few files it needs.
 */
export interface Content {
  readonly manifest: ArchiveManifest;
  /** The bytes of an asset file by path (`/_chunks/0.json`); rejects with `ContentUnavailable`. */
  readonly read: (path: string) => Promise<Uint8Array>;
}

/** The search index as the Worker reads it (see core/search/indexFormat.ts). */
export interface SearchFiles {
  /** How many term shards there are. */
  readonly shards: number;
  /** Terms with a file of their own (see `termPath`), not in a shard. */
  readonly large: readonly string[];
  /** How many docs (stories, hidden ones too) it numbers, oldest first. */
  readonly docs: number;
  /** The bytes of an index file, by its asset path (`/_search/...`). */
  readonly load: (path: string) => Promise<Uint8Array>;
}

/** Site settings (from `[vars]` in wrangler.toml). */
export interface Site {
  readonly title: string;
  readonly description: string;
  /** Public origin without a trailing slash, e.g. `https://news.example.com`. */
  readonly baseUrl: string;
  /** BCP 47 language tag, e.g. `en` or `en-GB`. */
  readonly language: string;
  /** Author of stories that name none. */
  readonly author: string;
  /** Permanent feed identity (an absolute IRI such as `urn:uuid:...`). */
  readonly feedId: string;
  /** How many of the newest stories the subscription feeds carry. */
  readonly feedSize: number;
  /** Preview mode (`wrangler dev`): drafts and scheduled stories are served, marked as such. */
  readonly showDrafts: boolean;
  /** WebSub hub the feeds advertise (`rel="hub"`), or null for none. */
  readonly hubUrl: string | null;
}
