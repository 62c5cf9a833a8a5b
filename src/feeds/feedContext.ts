// What every feed renderer needs besides the stories: absolute URLs, RFC 5005 links, the feed's own date.

import { newestDate } from "../core/newestDate";
import type { FeedFormat } from "../core/feedFormats";
import { archivePath, FEED_PATHS } from "../core/paths";
import { storyPath } from "../core/storyPath";
import { tagPath } from "../core/tagSlug";
import type { Site, Story } from "../core/types";

/** One feed document: the subscription feed or an RFC 5005 archive page. */
export interface FeedDocument {
  /** The stories it carries, newest first. */
  readonly stories: readonly Story[];
  /** Archive page number (1 = oldest; of the topic's archive for a topic), or null for the subscription feed. */
  readonly archivePage: number | null;
  /** How many archive pages exist. */
  readonly archives: number;
  /** Set for a topic feed: the stories tagged `name`, served under `/tags/<slug>/`. */
  readonly topic?: { readonly name: string };
  /** Set for a search feed: the newest stories matching `query` (normalised), under `/search/`. */
  readonly search?: { readonly query: string };
  /** The document's date when it carries no story (a search without results); else the newest story's. */
  readonly updated?: string;
  /** Retracted stories, announced as RFC 6721 tombstones (Atom only). */
  readonly deleted?: readonly { readonly guid: string; readonly when: string }[];
}

/** Absolute URLs and dates derived once from the site, the document and its format. */
export interface FeedContext {
  /** The feed's title: the site's, or "Site: Topic" for a topic feed. */
  readonly title: string;
  /** The feed's permanent id: FEED_ID, or the topic page's URL for a topic feed. */
  readonly feedId: string;
  /** The page the feed belongs to (home, or the topic page). */
  readonly homeUrl: string;
  /** The URL this document is served at (`rel="self"`, `feed_url` for the subscription feed). */
  readonly selfUrl: string;
  /** The subscription feed of this format (`rel="current"`). */
  readonly currentUrl: string;
  /** The next older archive page (`rel="prev-archive"`), if any. */
  readonly prevArchiveUrl: string | null;
  /** The next newer archive page (`rel="next-archive"`), if any. */
  readonly nextArchiveUrl: string | null;
  /** The WebSub hub to advertise: the site's, for subscription and topic feeds (not archive pages). */
  readonly hubUrl: string | null;
  /** The newest story's `updated` (RFC 3339): the document's date, never the clock. */
  readonly updated: string;
  readonly storyUrl: (story: Story) => string;
}

/** The context for rendering `document` in `format` on `site`. */
export function feedContext(site: Site, document: FeedDocument, format: FeedFormat): FeedContext {
  const url = (path: string): string => `${site.baseUrl}${path}`;
  const { archivePage, archives, topic, search } = document;
  const older = archivePage === null ? archives : archivePage - 1;
  const prefix = topic ? tagPath(topic.name) : search ? "/search" : "";
  // A search is named by its query string: `/search?q=…` is its page, `/search/feed.xml?q=…` its feed.
  const query = search ? `?${new URLSearchParams({ q: search.query }).toString()}` : "";
  const home = topic ? url(prefix) : search ? url(`/search${query}`) : url("/");
  return {
    title: topic
      ? `${site.title}: ${topic.name}`
      : search
        ? `${site.title}: search for “${search.query}”`
        : site.title,
    feedId: topic || search ? home : site.feedId,
    homeUrl: home,
    selfUrl: url(
      archivePage === null ? prefix + FEED_PATHS[format] + query : archivePath(format, archivePage, prefix),
    ),
    currentUrl: url(prefix + FEED_PATHS[format] + query),
    prevArchiveUrl: older >= 1 ? url(archivePath(format, older, prefix)) : null,
    nextArchiveUrl:
      archivePage !== null && archivePage < archives
        ? url(archivePath(format, archivePage + 1, prefix))
        : null,
    // Hubs are told about the site's and topics' feeds; a search's is fetched, not pushed.
    hubUrl: archivePage === null && !search ? site.hubUrl : null,
    updated:
      document.stories.length > 0 || !document.updated ? newestDate(document.stories) : document.updated,
    // A search feed's notice item (no story matches yet) links to the results page, not a story.
    storyUrl: (story) => (story.id === NOTICE_ID ? home : url(storyPath(story))),
  };
}

/** The id of a search feed's notice item, which no story can have (ids are lowercase). */
export const NOTICE_ID = "-notice";

/** RFC 6721 namespace of `at:deleted-entry`. */
export const TOMBSTONE_NAMESPACE = "http://purl.org/atompub/tombstones/1.0";

/** RFC 5005 namespace of `fh:archive`. */
export const HISTORY_NAMESPACE = "http://purl.org/syndication/history/1.0";

/** Media RSS namespace (exactly this URI: validators know no other), for `media:content` and `media:thumbnail`. */
export const MEDIA_NAMESPACE = "http://search.yahoo.com/mrss/";
