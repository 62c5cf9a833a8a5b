// RSS 2.0 (with the RSS Advisory Board's best practices), rendered by the `feed` package.

import { Feed } from "feed";
import { escapeXml } from "../core/escapeXml";
import type { Site } from "../core/types";
import { feedContext, HISTORY_NAMESPACE, type FeedDocument } from "./feedContext";
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
  const feed = new Feed({
    id: site.feedId,
    title: site.title,
    description: site.description,
    link: context.homeUrl,
    language: site.language,
    updated: new Date(context.updated),
    generator: "edge-news-feed",
    // Makes `feed` declare xmlns:atom; the links themselves are listed below.
    feedLinks: { rss: context.selfUrl },
    ttl: 5,
  });
  const links: { rel: string; href: string }[] = [{ rel: "self", href: context.selfUrl }];
  if (document.archivePage !== null) links.push({ rel: "current", href: context.currentUrl });
  if (context.prevArchiveUrl) links.push({ rel: "prev-archive", href: context.prevArchiveUrl });
  if (context.nextArchiveUrl) links.push({ rel: "next-archive", href: context.nextArchiveUrl });
  // `feed` writes one channel element per extension name, replacing its own self link.
  feed.addExtension({
    name: "atom:link",
    objects: links.map(({ rel, href }) => ({
      _attributes: { href, rel, type: "application/rss+xml" },
    })) as unknown as Record<string, unknown>,
  });
  if (document.archivePage !== null) {
    feed.addExtension({ name: "fh:archive", objects: { _attributes: { "xmlns:fh": HISTORY_NAMESPACE } } });
  }
  for (const story of document.stories) {
    feed.addItem({
      title: story.title,
      id: story.guid,
      link: context.storyUrl(story),
      description: escapeXml(story.summary),
      content: storyContentHtml(story),
      date: new Date(story.updated),
      published: new Date(story.published),
      category: story.tags.map((name) => ({ name })),
      extensions: [{ name: "dc:creator", objects: { _text: story.author ?? site.author } }],
    });
  }
  return `${feed.rss2()}\n`;
}
