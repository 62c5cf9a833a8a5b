// A story's permalink page: headline, byline, paragraphs and links to its neighbours.

import { html } from "hono/html";
import { storyPath } from "../core/storyPath";
import type { Site, Story, StoryIndexEntry } from "../core/types";
import { formatDate } from "./formatDate";
import { renderLayout } from "./renderLayout";

/** Neighbours in the home page's order: `newer` is above, `older` below. */
export interface StoryNeighbours {
  readonly newer: StoryIndexEntry | null;
  readonly older: StoryIndexEntry | null;
}

/** The permalink page HTML for `story`. */
export function renderStoryPage(site: Site, story: Story, neighbours: StoryNeighbours): string {
  const author = story.author ?? site.author;
  const updated =
    story.updated !== story.published
      ? html` · updated <time datetime="${story.updated}">${formatDate(story.updated)}</time>`
      : "";
  const main = html`<article>
<header>
<h1>${story.title}</h1>
<p class="meta">By ${author} · <time datetime="${story.published}">${formatDate(story.published)}</time>${updated}</p>
</header>
${story.paragraphs.map((paragraph) => html`<p>${paragraph}</p>\n`)}</article>
<nav aria-label="More stories">
<ul>
<li><a href="/">All stories</a></li>
${neighbours.older ? html`<li><a href="${storyPath(neighbours.older)}" rel="prev">Previous: ${neighbours.older.title}</a></li>\n` : ""}${neighbours.newer ? html`<li><a href="${storyPath(neighbours.newer)}" rel="next">Next: ${neighbours.newer.title}</a></li>\n` : ""}</ul>
</nav>`;
  return renderLayout(site, {
    title: `${story.title} – ${site.title}`,
    description: story.summary,
    canonicalUrl: `${site.baseUrl}${storyPath(story)}`,
    main,
  });
}
