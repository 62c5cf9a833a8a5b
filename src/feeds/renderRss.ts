// RSS 2.0 with the RSS Advisory Board's best practices and RFC 5005 archive links.
// Written with the one XML escaper rather than the `feed` package, whose CDATA writer
// leaves a second `]]>` in a title unescaped (malformed XML) and which cannot declare
// the RFC 5005 namespace.

import { dateRfc822 } from "../core/dates";
import { escapeXml } from "../core/escapeXml";
import { FEED_FORMATS } from "../core/feedFormats";
import type { Site } from "../core/types";
import { feedContext, HISTORY_NAMESPACE, MEDIA_NAMESPACE, type FeedDocument } from "./feedContext";
import { storyContentHtml } from "./storyContentHtml";

/**
 * The RSS 2.0 document for `document`.
 * - `guid` is the story's `urn:uuid:` with `isPermaLink="false"`: it never follows the URL.
 * - `title` is plain text; `description` is the summary as escaped HTML, because
 *   RSS readers treat description as HTML; `content:encoded` holds the full story.
 * - The author goes in `dc:creator`: RSS `<author>` must be an e-mail address.
 * - RFC 5005 links travel as `atom:link`, and archive pages carry `fh:archive`.
 */
export function renderRss(site: Site, document: FeedDocument): string {
  const context = feedContext(site, document, "rss");
  const x = escapeXml;
  const isArchive = document.archivePage !== null;
  const link = (rel: string, href: string | null): string[] =>
    href ? [`    <atom:link rel="${rel}" type="${FEED_FORMATS.rss.mediaType}" href="${x(href)}"/>`] : [];
  const items = document.stories.map((story) =>
    [
      "    <item>",
      `      <title>${x(story.title)}</title>`,
      `      <link>${x(context.storyUrl(story))}</link>`,
      `      <guid isPermaLink="false">${x(story.guid)}</guid>`,
      `      <pubDate>${dateRfc822(new Date(story.published))}</pubDate>`,
      `      <dc:creator>${x(story.author ?? site.author)}</dc:creator>`,
      ...story.tags.map((tag) => `      <category>${x(tag)}</category>`),
      `      <description>${x(x(story.summary))}</description>`,
      `      <content:encoded>${x(storyContentHtml(story, site.baseUrl, context.storyUrl(story)))}</content:encoded>`,
      ...(story.image
        ? [
            `      <media:content url="${x(site.baseUrl + story.image.full.url)}" type="image/jpeg" medium="image" width="${story.image.full.width}" height="${story.image.full.height}"/>`,
            `      <media:thumbnail url="${x(site.baseUrl + story.image.thumbnail.url)}" width="${story.image.thumbnail.width}" height="${story.image.thumbnail.height}"/>`,
          ]
        : []),
      "    </item>",
    ].join("\n"),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"${isArchive ? ` xmlns:fh="${HISTORY_NAMESPACE}"` : ""}${document.stories.some((story) => story.image) ? ` xmlns:media="${MEDIA_NAMESPACE}"` : ""}>`,
    "  <channel>",
    `    <title>${x(context.title)}</title>`,
    `    <link>${x(context.homeUrl)}</link>`,
    `    <description>${x(site.description)}</description>`,
    `    <language>${x(site.language)}</language>`,
    `    <lastBuildDate>${dateRfc822(new Date(context.updated))}</lastBuildDate>`,
    "    <docs>https://www.rssboard.org/rss-specification</docs>",
    "    <generator>edge-news-feed</generator>",
    "    <ttl>5</ttl>",
    ...link("self", context.selfUrl),
    ...(context.hubUrl ? [`    <atom:link rel="hub" href="${x(context.hubUrl)}"/>`] : []),
    ...(isArchive ? link("current", context.currentUrl) : []),
    ...link("prev-archive", context.prevArchiveUrl),
    ...link("next-archive", context.nextArchiveUrl),
    ...(isArchive ? ["    <fh:archive/>"] : []),
    ...items,
    "  </channel>",
    "</rss>",
    "",
  ].join("\n");
}
