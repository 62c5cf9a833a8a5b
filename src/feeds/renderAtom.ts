// Atom 1.0 (RFC 4287). Written by hand: `feed` marks plain-text titles as HTML and cannot add RFC 5005 links.

import { escapeXml } from "../core/escapeXml";
import type { Site, Story } from "../core/types";
import { feedContext } from "./feedContext";
import { storyContentHtml } from "./storyContentHtml";

/** The Atom feed document for `stories` (newest first). Titles and summaries are `type="text"`. */
export function renderAtom(site: Site, stories: readonly Story[]): string {
  const context = feedContext(site, stories);
  const x = escapeXml;
  const entries = stories.map((story) =>
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
      `    <content type="html">${x(storyContentHtml(story))}</content>`,
      "  </entry>",
    ].join("\n"),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${x(site.language)}">`,
    `  <id>${x(site.feedId)}</id>`,
    `  <title type="text">${x(site.title)}</title>`,
    `  <subtitle type="text">${x(site.description)}</subtitle>`,
    `  <updated>${context.updated}</updated>`,
    `  <author><name>${x(site.author)}</name><uri>${x(context.homeUrl)}</uri></author>`,
    `  <link rel="self" type="application/atom+xml" href="${x(context.atomUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${x(context.homeUrl)}"/>`,
    `  <generator>edge-news-feed</generator>`,
    ...entries,
    "</feed>",
    "",
  ].join("\n");
}
