// RSS 2.0 (with the RSS Advisory Board's best practices), rendered by the `feed` package.

import { Feed } from "feed";
import { escapeXml } from "../core/escapeXml";
import type { Site, Story } from "../core/types";
import { feedContext } from "./feedContext";
import { storyContentHtml } from "./storyContentHtml";

/**
 * The RSS 2.0 document for `stories` (newest first).
 * - `guid` is the story's `urn:uuid:` with `isPermaLink="false"`: it never follows the URL.
 * - `title` is plain text; `description` is the summary as escaped HTML, because
 *   RSS readers treat description as HTML; `content:encoded` holds the full story.
 * - The author goes in `dc:creator`: RSS `<author>` must be an e-mail address.
 */
export function renderRss(site: Site, stories: readonly Story[]): string {
  const context = feedContext(site, stories);
  const feed = new Feed({
    id: site.feedId,
    title: site.title,
    description: site.description,
    link: context.homeUrl,
    language: site.language,
    updated: new Date(context.updated),
    generator: "edge-news-feed",
    feedLinks: { rss: context.rssUrl },
    ttl: 5,
  });
  for (const story of stories) {
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
