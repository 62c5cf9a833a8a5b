// The archive's files (see core/archiveLayout.ts) from the validated stories: chunks (and the files
// of stories too long for one), index files, the directory, the id lookup and the topics' lists.

import { createHash } from "node:crypto";
import {
  chunkPath,
  deltaEncode,
  DIRECTORY_PATH,
  fnv1a,
  idShardPath,
  segmentPath,
  STORY_FILE_BYTES,
  storyFilePath,
  topicShardPath,
  type Directory,
  type Layout,
  type SegmentDates,
  type StoryStub,
  type TopicSummary,
} from "../core/archiveLayout";
import { indexEntry } from "../core/indexEntry";
import { tagSlug } from "../core/tagSlug";
import type { Story } from "../core/types";

const newer = (a: string, b: string): string => (a > b ? a : b);

/**
 * The archive files of `stories` (newest first, as the build orders them), by
 * asset path. A story's chunk, index file, id file and topic files depend only
 * on it and the stories of the same files, so adding a story rewrites the
 * newest chunk and index file, one id file, its topics' files and the directory.
 */
export function archiveFiles(
  stories: readonly Story[],
  layout: Layout,
): { files: Map<string, string>; version: string } {
  const oldestFirst = [...stories].reverse();
  const files = new Map<string, string>();
  for (let chunk = 0; chunk * layout.chunkSize < oldestFirst.length; chunk++) {
    const first = chunk * layout.chunkSize;
    const slice = oldestFirst
      .slice(first, first + layout.chunkSize)
      .map((story, offset): Story | StoryStub => {
        const json = JSON.stringify(story);
        if (json.length <= STORY_FILE_BYTES) return story;
        files.set(storyFilePath(first + offset), json);
        return { id: story.id, file: true };
      });
    files.set(chunkPath(chunk), JSON.stringify(slice));
  }
  const segments: SegmentDates[] = [];
  for (let segment = 0; segment * layout.segmentSize < oldestFirst.length; segment++) {
    const slice = oldestFirst.slice(segment * layout.segmentSize, (segment + 1) * layout.segmentSize);
    files.set(segmentPath(segment), JSON.stringify(slice.map(indexEntry)));
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
  for (const [shard, lookup] of ids) files.set(idShardPath(shard), JSON.stringify(lookup));
  const topicShards = new Map<number, Record<string, number[]>>();
  for (const [slug, { ordinals }] of topics) {
    const shard = fnv1a(slug) % layout.topicShards;
    const lists = topicShards.get(shard) ?? {};
    lists[slug] = deltaEncode(ordinals);
    topicShards.set(shard, lists);
  }
  for (const [shard, lists] of topicShards) files.set(topicShardPath(shard), JSON.stringify(lists));

  // Every story is in a chunk or a file of its own, and the directory below derives from them.
  const digest = createHash("sha256");
  for (const [path, text] of files) digest.update(path).update("\0").update(text).update("\0");
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
  files.set(DIRECTORY_PATH, JSON.stringify(directory));
  return { files, version };
}
