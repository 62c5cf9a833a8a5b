// One story as a JSON Feed 1.1 item: used in the feeds and served alone for programs.

import type { Site, Story } from "../core/types";
import { storyContentHtml } from "./storyContentHtml";

/** The JSON Feed 1.1 item of `story`, whose page is at `url`. */
export function jsonFeedItem(site: Site, story: Story, url: string) {
  return {
    id: story.guid,
    url,
    title: story.title,
    summary: story.summary,
    content_html: storyContentHtml(story, site.baseUrl, url),
    content_text: story.text ?? story.paragraphs.join("\n\n"),
    date_published: story.published,
    date_modified: story.updated,
    authors: [{ name: story.author ?? site.author }],
    ...(story.image ? { image: `${site.baseUrl}${story.image.full.url}` } : {}),
    ...(story.tags.length > 0 ? { tags: story.tags } : {}),
  };
}
