// A topic page: the newest stories with one tag, advertising that topic's own feeds.

import { html } from "hono/html";
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
<p class="note">Stories tagged “${name}”, newest first. Follow this topic alone: <a href="${prefix}${FEED_PATHS.rss}" type="application/rss+xml">RSS</a>, <a href="${prefix}${FEED_PATHS.atom}" type="application/atom+xml">Atom</a> or <a href="${prefix}${FEED_PATHS.json}" type="application/feed+json">JSON Feed</a>.</p>
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
