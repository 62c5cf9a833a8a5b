// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). Written by hand: `feed` emits version 1.0.

import type { Site } from "../core/types";
import { feedContext, type FeedDocument } from "./feedContext";
import { storyContentHtml } from "./storyContentHtml";

/**
 * The JSON Feed 1.1 document for `document`. `id` is the same GUID as in RSS and
 * Atom; `feed_url` always names the subscription feed (it identifies the feed),
 * and `next_url` pages to the next older archive page.
 */
export function renderJsonFeed(site: Site, document: FeedDocument): string {
  const context = feedContext(site, document, "json");
  const feed = {
    version: "https://jsonfeed.org/version/1.1",
    title: site.title,
    home_page_url: context.homeUrl,
    feed_url: context.currentUrl,
    description: site.description,
    ...(context.prevArchiveUrl ? { next_url: context.prevArchiveUrl } : {}),
    language: site.language,
    authors: [{ name: site.author, url: context.homeUrl }],
    items: document.stories.map((story) => ({
      id: story.guid,
      url: context.storyUrl(story),
      title: story.title,
      summary: story.summary,
      content_html: storyContentHtml(story),
      content_text: story.paragraphs.join("\n\n"),
      date_published: story.published,
      date_modified: story.updated,
      authors: [{ name: story.author ?? site.author }],
      ...(story.tags.length > 0 ? { tags: story.tags } : {}),
    })),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}
