// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). Written by hand: `feed` emits version 1.0.

import type { Site } from "../core/types";
import { feedContext, type FeedDocument } from "./feedContext";
import { jsonFeedItem } from "./jsonFeedItem";

/**
 * The JSON Feed 1.1 document for `document`. `id` is the same GUID as in RSS and
 * Atom; `feed_url` always names the subscription feed (it identifies the feed),
 * and `next_url` pages to the next older archive page.
 */
export function renderJsonFeed(site: Site, document: FeedDocument): string {
  const context = feedContext(site, document, "json");
  const feed = {
    version: "https://jsonfeed.org/version/1.1",
    title: context.title,
    home_page_url: context.homeUrl,
    feed_url: context.currentUrl,
    description: site.description,
    ...(context.prevArchiveUrl ? { next_url: context.prevArchiveUrl } : {}),
    language: site.language,
    ...(context.hubUrl ? { hubs: [{ type: "WebSub", url: context.hubUrl }] } : {}),
    authors: [{ name: site.author, url: context.homeUrl }],
    items: document.stories.map((story) => jsonFeedItem(site, story, context.storyUrl(story))),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}
