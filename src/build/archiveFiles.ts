// The archive's files (see core/archiveLayout.ts) from the validated stories: chunks (and the files
// of stories too long for one), index files, the directory, the id lookup and the topics' lists.

import { createHash } from "node:crypto";
import {
  ARCHIVE_FORMAT,
  chunkPath,
  deltaEncode,
  DIRECTORY_PATH,
  fnv1a,
  idShardPath,
  ordinalsSum,
  listPath,
  segmentPath,
  STORY_FILE_BYTES,
  storyFilePath,
  topicBlockPath,
  topicShardPath,
  topicTailPath,
  type TopicBlockLine,
  type TopicFile,
  type TopicTails,
  type Directory,
  type Layout,
  type SegmentDates,
  type StoryStub,
  type TopicSummary,
} from "../core/archiveLayout";
import { joinJsonLines } from "../core/jsonLines";
import {
  indexEntry,
  type IndexedStory,
  LISTED_SUMMARY_LENGTH,
  listedEntry,
  listedSummary,
} from "../core/indexEntry";
import { jsonArrayBytes } from "./jsonArrayBytes";
import { utf8Bytes } from "./utf8Bytes";
import { storyDigest, type Manifest } from "./changeSummary";
import { tagSlug } from "../core/tagSlug";
import { JsonLinesBuilder } from "./jsonLinesBuilder";
import { storyJsonBytes } from "./storyJsonBytes";
import type { ListedEntry, Story } from "../core/types";

const newer = (a: string, b: string): string => (a > b ? a : b);

/** Story id -> a digest of everything the build publishes about it (the build's manifest). */
export type StoryDigests = Manifest;

/** The archive files of `stories` by asset path, its version and the stories' digests (see emitArchive). */
export function archiveFiles(
  stories: readonly Story[],
  layout: Layout,
): { files: Map<string, string | Uint8Array>; version: string; digests: StoryDigests } {
  const files = new Map<string, string | Uint8Array>();
  const { version, digests } = emitArchive(stories, layout, (path, text) => files.set(path, text));
  return { files, version, digests };
}

/**
 * Hands each archive file of `stories` (newest first, as the build orders
 * them) to `emit` (asset path, text or bytes) as it is made. Returns the
 * archive's version and each story's digest (see ArchiveEmitter).
 */
export function emitArchive(
  stories: readonly Story[],
  layout: Layout,
  emit: (path: string, content: string | Uint8Array) => void,
): { version: string; digests: StoryDigests } {
  const archive = new ArchiveEmitter(layout, emit);
  for (let i = stories.length - 1; i >= 0; i--) {
    const story = stories[i]!;
    const { json, digest } = encodeStory(story);
    archive.add(story, json, digest);
  }
  return archive.finish();
}

/**
 * The archive's files, made story by story, oldest first, so the build holds
 * one chunk, one index segment and each topic's newest block at a time, never
 * the stories themselves. A story's chunk, index file, id file and topic files
 * depend only on it and the stories of the same files, so adding a story
 * rewrites the newest chunk and index file, one id file, its topics' files and
 * the directory. `finish` returns the archive's version (a digest of the
 * format, the layout and every story's JSON, in order: the files are a
 * function of those) and each story's digest (the build's manifest).
 */
export class ArchiveEmitter {
  private readonly digests: StoryDigests = {};
  private readonly digest = createHash("sha256");
  private ordinal = 0;
  private readonly chunks: ChunkEmitter | null;
  private segment: IndexedStory[] = [];
  private readonly segments: SegmentDates[] = [];
  private readonly ids = new Map<number, Record<string, number>>();
  private readonly topics = new Map<string, TopicLists>();
  private readonly drafts: number[] = [];
  private readonly retracted: number[] = [];
  private newestRetraction = "";
  /** Each tag's slug: tagSlug normalizes Unicode, and the same few tags come on story after story. */
  private readonly slugs = new Map<string, string>();

  /**
   * An archive in `layout`, its files handed to `emit`. With `chunks` false,
   * the caller writes the chunks (and stories' own files) with ChunkEmitter.
   */
  constructor(
    private readonly layout: Layout,
    private readonly emit: (path: string, content: string | Uint8Array) => void,
    chunks = true,
  ) {
    this.chunks = chunks ? new ChunkEmitter(layout, emit) : null;
    this.digest.update(JSON.stringify({ ARCHIVE_FORMAT, layout, STORY_FILE_BYTES, LISTED_SUMMARY_LENGTH }));
  }

  /**
   * Adds the next story (oldest first): its index fields, its JSON, UTF-8
   * encoded (null when the chunks are written elsewhere), and that JSON's
   * storyDigest.
   */
  add(story: IndexedStory, json: Uint8Array | null, hash: string): void {
    const ordinal = this.ordinal++;
    const { layout, emit } = this;
    this.digests[story.id] = hash;
    this.digest.update(hash);
    if (this.chunks) {
      if (!json) throw new Error("a story's JSON is needed to write its chunk");
      this.chunks.add(story.id, json);
    }
    this.segment.push(story);
    if (this.segment.length === layout.segmentSize) this.flushSegment();

    const shard = fnv1a(story.id) % layout.idShards;
    const lookup = this.ids.get(shard) ?? {};
    lookup[story.id] = ordinal;
    this.ids.set(shard, lookup);
    if (story.retracted) {
      this.retracted.push(ordinal);
      this.newestRetraction = newer(this.newestRetraction, story.updated);
    } else if (story.draft) {
      this.drafts.push(ordinal);
    }
    if (story.tags.length === 0) return;
    const entry = listedEntry(story);
    // Its line in a block file, made once for all its topics.
    let line: Uint8Array | undefined;
    for (const tag of new Set(story.tags)) {
      let slug = this.slugs.get(tag);
      if (slug === undefined) this.slugs.set(tag, (slug = tagSlug(tag)));
      let topic = this.topics.get(slug);
      if (!topic) {
        topic = {
          summary: { slug, name: tag, stories: 0, drafts: 0 },
          firsts: [],
          stories: [],
          drafts: [],
          sums: [],
          last: -1,
          ordinals: [],
          newest: [],
          lines: [],
          blockStories: 0,
          blockDrafts: 0,
        };
        this.topics.set(slug, topic);
      }
      // Two tags of the story with one slug (the first may have completed a block).
      if (topic.last === ordinal) continue;
      topic.last = ordinal;
      // A retracted story keeps its place in the list, as in the chunks: the topic's archive pages
      // stay as they were; it counts for nothing else.
      topic.ordinals.push(ordinal);
      topic.newest.push(entry);
      topic.lines.push((line ??= utf8Bytes(JSON.stringify(entry))));
      if (!story.retracted) {
        if (story.draft) topic.blockDrafts++;
        else topic.blockStories++;
      }
      if (topic.newest.length === layout.segmentSize) {
        const ordinals: TopicBlockLine = deltaEncode(topic.ordinals);
        emit(
          topicBlockPath(topicKey(slug), topic.firsts.length),
          joinJsonLines([utf8Bytes(JSON.stringify(ordinals)), ...topic.lines]),
        );
        topic.firsts.push(topic.ordinals[0]!);
        topic.sums.push(ordinalsSum(topic.ordinals));
        topic.stories.push(topic.blockStories);
        topic.drafts.push(topic.blockDrafts);
        topic.ordinals = [];
        topic.newest = [];
        topic.lines = [];
        topic.blockStories = 0;
        topic.blockDrafts = 0;
      }
      if (story.retracted) continue;
      const { summary } = topic;
      // Oldest first: a later story's spelling wins, a draft's only over other drafts.
      const name = !story.draft || summary.stories === 0 ? tag : summary.name;
      topic.summary = story.draft
        ? { ...summary, name, drafts: summary.drafts + 1 }
        : { ...summary, name, stories: summary.stories + 1 };
    }
  }

  /** Emits the last chunk, segment and the files that list every story; returns the version and digests. */
  finish(): { version: string; digests: StoryDigests } {
    const { layout, emit, topics, ids } = this;
    this.chunks?.finish();
    if (this.segment.length > 0) this.flushSegment();
    for (const [shard, lookup] of ids) emit(idShardPath(shard), JSON.stringify(lookup));
    const topicShards = new Map<number, Record<string, TopicFile>>();
    const topicTails = new Map<number, TopicTails>();
    const keys = new Map<string, string>();
    for (const [slug, topic] of topics) {
      // 64 bits of a digest: two slugs alike here would share block files, which the build refuses.
      const key = topicKey(slug);
      const other = keys.get(key);
      if (other !== undefined)
        throw new Error(`the tags ${other} and ${slug} have the same digest; rename one`);
      keys.set(key, slug);
      const shard = fnv1a(slug) % layout.topicShards;
      const lists = topicShards.get(shard) ?? {};
      lists[slug] = {
        key,
        firsts: deltaEncode(topic.firsts),
        sums: topic.sums,
        stories: topic.stories,
        drafts: topic.drafts,
        tail: deltaEncode(topic.ordinals),
      };
      topicShards.set(shard, lists);
      const tails = topicTails.get(shard) ?? {};
      tails[slug] = topic.newest;
      topicTails.set(shard, tails);
    }
    for (const [shard, lists] of topicShards) emit(topicShardPath(shard), JSON.stringify(lists));
    for (const [shard, tails] of topicTails) emit(topicTailPath(shard), JSON.stringify(tails));

    const version = this.digest.digest("base64url").slice(0, 22);
    const directory: Directory = {
      version,
      total: this.ordinal,
      drafts: this.drafts,
      retracted: this.retracted,
      newestRetraction: this.newestRetraction,
      idFiles: [...ids.keys()].sort((a, b) => a - b),
      segments: this.segments,
      topics: [...topics.values()]
        .map((topic) => topic.summary)
        .filter((summary) => summary.stories + summary.drafts > 0)
        .sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0)),
    };
    emit(DIRECTORY_PATH, JSON.stringify(directory));
    return { version, digests: this.digests };
  }

  private flushSegment(): void {
    const slice = this.segment;
    const segment = Math.floor((this.ordinal - 1) / this.layout.segmentSize);
    this.emit(segmentPath(segment), jsonArrayBytes(slice.map(indexEntry)));
    this.emit(listPath(segment), jsonArrayBytes(slice.map(listedSummary)));
    const dates = { published: "", draftPublished: "", updated: "", draftUpdated: "" };
    for (const story of slice) {
      if (story.draft && !story.retracted) {
        dates.draftPublished = newer(dates.draftPublished, story.published);
        dates.draftUpdated = newer(dates.draftUpdated, story.updated);
      } else {
        if (!story.retracted) dates.published = newer(dates.published, story.published);
        dates.updated = newer(dates.updated, story.updated);
      }
    }
    this.segments.push(dates);
    this.segment = [];
  }
}

/**
 * What the archive holds of `story`: its JSON, UTF-8 encoded, and that JSON's
 * storyDigest. Given its seed's `bytes` and where its paragraphs are in them
 * (SeedDraft.paragraphBytes), the paragraphs are copied from there, and the
 * JSON is scratch memory, good until the next call (ChunkEmitter.add copies it).
 */
export function encodeStory(
  story: Story,
  seed?: { bytes: Uint8Array; spans: readonly number[] },
): { json: Uint8Array; digest: string } {
  const json = seed ? storyJsonBytes(story, seed.bytes, seed.spans) : utf8Bytes(JSON.stringify(story));
  return { json, digest: storyDigest(json) };
}

/**
 * The chunks of stories ordinal, ordinal + 1, ... (oldest first), and the
 * files of stories too long for a chunk. Starts at the first story of a
 * chunk: a build worker writes the chunks of the stories it makes.
 */
export class ChunkEmitter {
  /**
   * Its chunks are gathered in `lines` (emptied first): pass a builder kept
   * from one emitter to the next so that its buffer is reused.
   */
  constructor(
    private readonly layout: Layout,
    private readonly emit: (path: string, content: Uint8Array) => void,
    private ordinal = 0,
    private readonly lines = new JsonLinesBuilder(),
  ) {
    if (ordinal % layout.chunkSize !== 0) throw new Error(`story ${ordinal} does not start a chunk`);
    lines.clear();
  }

  /** Adds the next story: its id and its JSON, UTF-8 encoded (copied: it may be scratch memory). */
  add(id: string, json: Uint8Array): void {
    const ordinal = this.ordinal++;
    if (json.length <= STORY_FILE_BYTES) this.lines.add(json);
    else {
      this.emit(storyFilePath(ordinal), json.slice());
      this.lines.add(utf8Bytes(JSON.stringify({ id, file: true } satisfies StoryStub)));
    }
    if (this.lines.count === this.layout.chunkSize) this.finish();
  }

  /** Emits the chunk begun, if any. */
  finish(): void {
    if (this.lines.count === 0) return;
    this.emit(chunkPath(Math.floor((this.ordinal - 1) / this.layout.chunkSize)), this.lines.file());
  }
}

/** A topic's list as the build makes it: its full blocks' numbers, and the block begun. */
interface TopicLists {
  summary: TopicSummary;
  /** Per full block (see TopicFile): its first ordinal, its ordinals' sum, its stories, its drafts. */
  readonly firsts: number[];
  readonly sums: number[];
  readonly stories: number[];
  readonly drafts: number[];
  /** The last story added. */
  last: number;
  /** The block begun: its ordinals, index entries (and their lines, UTF-8 JSON), stories and drafts. */
  ordinals: number[];
  newest: ListedEntry[];
  lines: Uint8Array[];
  blockStories: number;
  blockDrafts: number;
}

/** The key naming a topic's block files: 64 bits of a digest of its slug. */
function topicKey(slug: string): string {
  return createHash("sha256").update(slug).digest("hex").slice(0, 16);
}
