// The home page and its older pages: stories newest first, with date and summary.

import { html } from "hono/html";
import { homePagePath } from "../core/paths";
import { storyPath } from "../core/storyPath";
import type { Listed, Site } from "../core/types";
import { formatDate } from "./formatDate";
import { previewLabel } from "./previewLabel";
import { renderLayout } from "./renderLayout";

/** One page of the story list. */
export interface HomePage {
  /** The stories on this page, newest first. */
  readonly stories: readonly Listed[];
  /** This page's number, 1 being `/`. */
  readonly page: number;
  readonly pages: number;
  /** The instant rendered for (epoch ms): decides the preview labels of drafts and scheduled stories. */
  readonly now: number;
}

/** The HTML of home page `page.page`. */
export function renderHomePage(site: Site, { stories, page, pages, now }: HomePage): string {
  const label = (story: Listed) => {
    const text = previewLabel(story, now);
    return text ? html` · <strong class="preview">${text}</strong>` : "";
  };
  const items = stories.map(
    (story) => html`<li>
<h2><a href="${storyPath(story)}">${story.title}</a></h2>
<p class="meta"><time datetime="${story.published}">${formatDate(story.published)}</time>${label(story)}</p>
<p>${story.summary}</p>
</li>
`,
  );
  const newer =
    page > 1 ? html`<li><a href="${homePagePath(page - 1)}" rel="prev">Newer stories</a></li>\n` : "";
  const older =
    page < pages ? html`<li><a href="${homePagePath(page + 1)}" rel="next">Older stories</a></li>\n` : "";
  const main = html`<h1>${site.title}${page > 1 ? ` – page ${page}` : ""}</h1>
<p class="note">${site.description}</p>
<ul class="stories">
${items}</ul>
${newer || older ? html`<nav aria-label="Pages">\n<ul>\n${newer}${older}</ul>\n</nav>` : ""}`;
  const head = html`<meta property="og:type" content="website">
<meta property="og:title" content="${site.title}">
<meta property="og:description" content="${site.description}">
<meta property="og:url" content="${site.baseUrl}${homePagePath(page)}">
<meta property="og:site_name" content="${site.title}">
${page > 1 ? html`<link rel="prev" href="${site.baseUrl}${homePagePath(page - 1)}">\n` : ""}${page < pages ? html`<link rel="next" href="${site.baseUrl}${homePagePath(page + 1)}">\n` : ""}`;
  return renderLayout(site, {
    title: page > 1 ? `${site.title} – page ${page}` : site.title,
    description: site.description,
    canonicalUrl: `${site.baseUrl}${homePagePath(page)}`,
    main,
    head,
  });
}
