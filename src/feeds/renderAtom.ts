// Atom 1.0 (RFC 4287) with RFC 5005 archive links. Written by hand: `feed` marks plain-text titles as
// HTML and cannot add archive links.

import { escapeXml } from "../core/escapeXml";
import { FEED_FORMATS } from "../core/feedFormats";
import type { Site } from "../core/types";
import {
  feedContext,
  HISTORY_NAMESPACE,
  MEDIA_NAMESPACE,
  TOMBSTONE_NAMESPACE,
  type FeedDocument,
} from "./feedContext";
import { storyContentHtml } from "./storyContentHtml";

/** The Atom feed document for `document`. Titles and summaries are `type="text"`. */
export function renderAtom(site: Site, document: FeedDocument): string {
  const context = feedContext(site, document, "atom");
  const x = escapeXml;
  const isArchive = document.archivePage !== null;
  const link = (rel: string, href: string | null, type: string = FEED_FORMATS.atom.mediaType): string[] =>
    href ? [`  <link rel="${rel}" type="${type}" href="${x(href)}"/>`] : [];
  const entries = document.stories.map((story) =>
    [
      "  <entry>",
      `    <id>${x(story.guid)}</id>`,
      `    <title type="text">${x(story.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${x(context.storyUrl(story))}"/>`,
      `    <published>${story.published}</published>`,
      `    <updated>${story.updated}</updated>`,
      `    <author><name>${x(story.author ?? site.author)}</name></author>`,
      ...story.tags.map((tag) => `    <category term="${x(tag)}"/>`),
      `    <summary type="text">${x(story.summary)}</summary>`,
      `    <content type="html">${x(storyContentHtml(story, site.baseUrl, context.storyUrl(story)))}</content>`,
      ...(story.image
        ? [
            `    <media:content url="${x(site.baseUrl + story.image.full.url)}" type="image/jpeg" medium="image" width="${story.image.full.width}" height="${story.image.full.height}"/>`,
          ]
        : []),
      "  </entry>",
    ].join("\n"),
  );
  const deleted = document.deleted ?? [];
  // RFC 6721: a retracted story's id and when it was withdrawn, so readers can remove it.
  const tombstones = deleted.map(
    ({ guid, when }) =>
      `  <at:deleted-entry ref="${x(guid)}" when="${when}"><at:comment>This story was retracted.</at:comment></at:deleted-entry>`,
  );
  const namespaces = [
    isArchive ? ` xmlns:fh="${HISTORY_NAMESPACE}"` : "",
    deleted.length > 0 ? ` xmlns:at="${TOMBSTONE_NAMESPACE}"` : "",
    document.stories.some((story) => story.image) ? ` xmlns:media="${MEDIA_NAMESPACE}"` : "",
  ].join("");
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom"${namespaces} xml:lang="${x(site.language)}">`,
    ...(isArchive ? ["  <fh:archive/>"] : []),
    `  <id>${x(context.feedId)}</id>`,
    `  <title type="text">${x(context.title)}</title>`,
    `  <subtitle type="text">${x(site.description)}</subtitle>`,
    `  <updated>${context.updated}</updated>`,
    `  <author><name>${x(site.author)}</name><uri>${x(context.homeUrl)}</uri></author>`,
    ...link("self", context.selfUrl),
    ...(context.hubUrl ? [`  <link rel="hub" href="${x(context.hubUrl)}"/>`] : []),
    ...link("alternate", context.homeUrl, "text/html"),
    ...(isArchive ? link("current", context.currentUrl) : []),
    ...link("prev-archive", context.prevArchiveUrl),
    ...link("next-archive", context.nextArchiveUrl),
    `  <generator>edge-news-feed</generator>`,
    // Before the entries: RFC 4287's schema allows extension elements only ahead of atom:entry.
    ...tombstones,
    ...entries,
    "</feed>",
    "",
  ].join("\n");
}
