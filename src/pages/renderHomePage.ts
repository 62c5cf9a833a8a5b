// The home page: every story, newest first, with its date and summary.

import { html } from "hono/html";
import { storyPath } from "../core/storyPath";
import type { Site, Story } from "../core/types";
import { formatDate } from "./formatDate";
import { renderLayout } from "./renderLayout";

/** The home page HTML for `stories` (already newest first). */
export function renderHomePage(site: Site, stories: readonly Story[]): string {
  const items = stories.map(
    (story) => html`<li>
<h2><a href="${storyPath(story)}">${story.title}</a></h2>
<p class="meta"><time datetime="${story.published}">${formatDate(story.published)}</time></p>
<p>${story.summary}</p>
</li>
`,
  );
  const main = html`<h1>${site.title}</h1>
<p class="note">${site.description}</p>
<ul class="stories">
${items}</ul>`;
  return renderLayout(site, {
    title: site.title,
    description: site.description,
    canonicalUrl: `${site.baseUrl}/`,
    main,
  });
}
