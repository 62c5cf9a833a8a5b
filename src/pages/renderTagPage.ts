// A topic page: the newest stories with one tag, advertising that topic's own feeds.

import { html } from "hono/html";
import { FEED_FORMATS, FEED_FORMAT_LIST } from "../core/feedFormats";
import { FEED_PATHS } from "../core/paths";
import { storyPath } from "../core/storyPath";
import { tagPath } from "../core/tagSlug";
import type { Listed, Site } from "../core/types";
import { formatDate } from "./formatDate";
import { ownFeedName, renderLayout } from "./renderLayout";

/** Which page of a topic's list, 1 being `/tags/<slug>`. */
export interface TopicPaging {
  readonly page: number;
  readonly pages: number;
}

/** Path of a topic's page `page` under `prefix` (`/tags/<slug>`). */
export function topicPagePath(prefix: string, page: number): string {
  return page === 1 ? prefix : `${prefix}/page/${page}`;
}

/** The HTML of `/tags/<slug>` (or its page `paging.page`) for the tag `name`, listing `stories` (newest first). */
export function renderTagPage(
  site: Site,
  name: string,
  stories: readonly Listed[],
  { page, pages }: TopicPaging = { page: 1, pages: 1 },
): string {
  const prefix = tagPath(name);
  const path = topicPagePath(prefix, page);
  const items = stories.map(
    (story) => html`<li>
<h2><a href="${storyPath(story)}">${story.title}</a></h2>
<p class="meta"><time datetime="${story.published}">${formatDate(story.published)}</time></p>
<p>${story.summary}</p>
</li>
`,
  );
  const newer =
    page > 1
      ? html`<li><a href="${topicPagePath(prefix, page - 1)}" rel="prev">Newer stories</a></li>\n`
      : "";
  const older =
    page < pages
      ? html`<li><a href="${topicPagePath(prefix, page + 1)}" rel="next">Older stories</a></li>\n`
      : "";
  const main = html`<h1>${name}${page > 1 ? ` – page ${page}` : ""}</h1>
<p class="note">Stories tagged “${name}”, newest first. Follow this topic alone: ${FEED_FORMAT_LIST.map(
    (format, i) => {
      const joint = i === 0 ? "" : i === FEED_FORMAT_LIST.length - 1 ? " or " : ", ";
      const { mediaType, name: formatName } = FEED_FORMATS[format];
      return html`${joint}<a href="${prefix}${FEED_PATHS[format]}" type="${mediaType}">${ownFeedName(formatName, "of this topic")}</a>`;
    },
  )}.</p>
<ul class="stories">
${items}</ul>${page > 1 || page < pages ? html`\n<nav aria-label="Pages">\n<ul>\n${newer}${older}</ul>\n</nav>` : ""}`;
  const title = page > 1 ? `${name} – page ${page} – ${site.title}` : `${name} – ${site.title}`;
  return renderLayout(site, {
    title,
    description: `Stories tagged “${name}” on ${site.title}.`,
    canonicalUrl: `${site.baseUrl}${path}`,
    head: html`${page > 1 ? html`<link rel="prev" href="${site.baseUrl}${topicPagePath(prefix, page - 1)}">\n` : ""}${page < pages ? html`<link rel="next" href="${site.baseUrl}${topicPagePath(prefix, page + 1)}">\n` : ""}`,
    main,
    feeds: { title: `${site.title}: ${name}`, prefix },
  });
}
