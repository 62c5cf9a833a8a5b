// A topic page: the newest stories with one tag, advertising that topic's own feeds.

import { html } from "hono/html";
import { FEED_FORMATS, FEED_FORMAT_LIST } from "../core/feedFormats";
import { FEED_PATHS } from "../core/paths";
import { storyPath } from "../core/storyPath";
import { tagPath } from "../core/tagSlug";
import type { Site, Story } from "../core/types";
import { formatDate } from "./formatDate";
import { renderLayout } from "./renderLayout";

/** The HTML of `/tags/<slug>` for the tag `name`, listing `stories` (newest first). */
export function renderTagPage(site: Site, name: string, stories: readonly Story[]): string {
  const prefix = tagPath(name);
  const items = stories.map(
    (story) => html`<li>
<h2><a href="${storyPath(story)}">${story.title}</a></h2>
<p class="meta"><time datetime="${story.published}">${formatDate(story.published)}</time></p>
<p>${story.summary}</p>
</li>
`,
  );
  const main = html`<h1>${name}</h1>
<p class="note">Stories tagged “${name}”, newest first. Follow this topic alone: ${FEED_FORMAT_LIST.map(
    (format, i) => {
      const joint = i === 0 ? "" : i === FEED_FORMAT_LIST.length - 1 ? " or " : ", ";
      const { mediaType, name: formatName } = FEED_FORMATS[format];
      return html`${joint}<a href="${prefix}${FEED_PATHS[format]}" type="${mediaType}">${formatName}</a>`;
    },
  )}.</p>
<ul class="stories">
${items}</ul>`;
  return renderLayout(site, {
    title: `${name} – ${site.title}`,
    description: `Stories tagged “${name}” on ${site.title}.`,
    canonicalUrl: `${site.baseUrl}${prefix}`,
    main,
    feeds: { title: `${site.title}: ${name}`, prefix },
  });
}
