// The archive's files (see core/archiveLayout.ts) from the validated stories: chunks (and the files
// of stories too long for one), index files, the directory, the id lookup and the topics' lists.

import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import {
  ARCHIVE_FORMAT,
  chunkPath,
  deltaEncode,
  DIRECTORY_PATH,
  fnv1a,
  idShardPath,
  listPath,
  segmentPath,
  STORY_FILE_BYTES,
  storyFilePath,
  topicBlockPath,
  topicShardPath,
  topicTailPath,
  type TopicFile,
  type TopicTails,
  type Directory,
  type Layout,
  type SegmentDates,
  type StoryStub,
  type TopicSummary,
} from "../core/archiveLayout";
import { joinJsonLines } from "../core/jsonLines";
import { indexEntry, LISTED_SUMMARY_LENGTH, listedEntry, listedSummary } from "../core/indexEntry";
import { storyDigest, type Manifest } from "./changeSummary";
import { tagSlug } from "../core/tagSlug";
import type { Story } from "../core/types";

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
 * them) to `emit` (asset path, text or bytes) as it is made, so the build
 * holds one chunk at a time. A story's chunk, index file, id file and topic files
 * depend only on it and the stories of the same files, so adding a story
 * rewrites the newest chunk and index file, one id file, its topics' files and
 * the directory. Returns the archive's version (a digest of the format, the
 * layout and every story's JSON, in order: the files are a function of those)
 * and each story's digest (the build's manifest).
 */
export function emitArchive(
  stories: readonly Story[],
  layout: Layout,
  emit: (path: string, content: string | Uint8Array) => void,
): { version: string; digests: StoryDigests } {
  const oldestFirst = [...stories].reverse();
  const digests: StoryDigests = {};
  const digest = createHash("sha256").update(
    JSON.stringify({ ARCHIVE_FORMAT, layout, STORY_FILE_BYTES, LISTED_SUMMARY_LENGTH }),
  );
  for (let chunk = 0; chunk * layout.chunkSize < oldestFirst.length; chunk++) {
    const first = chunk * layout.chunkSize;
    // Each story is serialised and encoded once: its line in the chunk, its digest, its file.
    const lines = oldestFirst.slice(first, first + layout.chunkSize).map((story, offset) => {
      const json = Buffer.from(JSON.stringify(story));
      const hash = storyDigest(json);
      digests[story.id] = hash;
      digest.update(hash);
      if (json.length <= STORY_FILE_BYTES) return json;
      emit(storyFilePath(first + offset), json);
      return Buffer.from(JSON.stringify({ id: story.id, file: true } satisfies StoryStub));
    });
    emit(chunkPath(chunk), joinJsonLines(lines));
  }
  const segments: SegmentDates[] = [];
  for (let segment = 0; segment * layout.segmentSize < oldestFirst.length; segment++) {
    const slice = oldestFirst.slice(segment * layout.segmentSize, (segment + 1) * layout.segmentSize);
    emit(segmentPath(segment), JSON.stringify(slice.map(indexEntry)));
    emit(listPath(segment), JSON.stringify(slice.map(listedSummary)));
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
    segments.push(dates);
  }

  const ids = new Map<number, Record<string, number>>();
  const topics = new Map<string, { summary: TopicSummary; ordinals: number[] }>();
  const drafts: number[] = [];
  const retracted: number[] = [];
  let newestRetraction = "";
  oldestFirst.forEach((story, ordinal) => {
    const shard = fnv1a(story.id) % layout.idShards;
    const lookup = ids.get(shard) ?? {};
    lookup[story.id] = ordinal;
    ids.set(shard, lookup);
    if (story.retracted) {
      retracted.push(ordinal);
      newestRetraction = newer(newestRetraction, story.updated);
    } else if (story.draft) {
      drafts.push(ordinal);
    }
    for (const tag of new Set(story.tags)) {
      const slug = tagSlug(tag);
      const topic = topics.get(slug) ?? { summary: { slug, name: tag, stories: 0, drafts: 0 }, ordinals: [] };
      if (topic.ordinals.at(-1) === ordinal) continue;
      // A retracted story keeps its place in the list, as in the chunks: the topic's archive pages
      // stay as they were; it counts for nothing else.
      topic.ordinals.push(ordinal);
      topics.set(slug, topic);
      if (story.retracted) continue;
      const { summary } = topic;
      // Oldest first: a later story's spelling wins, a draft's only over other drafts.
      const name = !story.draft || summary.stories === 0 ? tag : summary.name;
      topic.summary = story.draft
        ? { ...summary, name, drafts: summary.drafts + 1 }
        : { ...summary, name, stories: summary.stories + 1 };
      topics.set(slug, topic);
    }
  });
  for (const [shard, lookup] of ids) emit(idShardPath(shard), JSON.stringify(lookup));
  const topicShards = new Map<number, Record<string, TopicFile>>();
  const topicTails = new Map<number, TopicTails>();
  const keys = new Map<string, string>();
  const block = layout.segmentSize;
  const entriesOf = (ordinals: readonly number[]) =>
    ordinals.map((ordinal) => listedEntry(oldestFirst[ordinal]!));
  for (const [slug, { ordinals }] of topics) {
    // 64 bits of a digest: two slugs alike here would share block files, which the build refuses.
    const key = createHash("sha256").update(slug).digest("hex").slice(0, 16);
    const other = keys.get(key);
    if (other !== undefined)
      throw new Error(`the tags ${other} and ${slug} have the same digest; rename one`);
    keys.set(key, slug);
    const full = Math.floor(ordinals.length / block);
    for (let k = 0; k < full; k++) {
      emit(topicBlockPath(key, k), JSON.stringify(entriesOf(ordinals.slice(k * block, (k + 1) * block))));
    }
    const shard = fnv1a(slug) % layout.topicShards;
    const lists = topicShards.get(shard) ?? {};
    lists[slug] = { key, ordinals: deltaEncode(ordinals) };
    topicShards.set(shard, lists);
    const tails = topicTails.get(shard) ?? {};
    tails[slug] = entriesOf(ordinals.slice(full * block));
    topicTails.set(shard, tails);
  }
  for (const [shard, lists] of topicShards) emit(topicShardPath(shard), JSON.stringify(lists));
  for (const [shard, tails] of topicTails) emit(topicTailPath(shard), JSON.stringify(tails));

  const version = digest.digest("base64url").slice(0, 22);
  const directory: Directory = {
    version,
    total: oldestFirst.length,
    drafts,
    retracted,
    newestRetraction,
    idFiles: [...ids.keys()].sort((a, b) => a - b),
    segments,
    topics: [...topics.values()]
      .map((topic) => topic.summary)
      .filter((summary) => summary.stories + summary.drafts > 0)
      .sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0)),
  };
  emit(DIRECTORY_PATH, JSON.stringify(directory));
  return { version, digests };
}
