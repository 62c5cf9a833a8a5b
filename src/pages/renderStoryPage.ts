// A story's permalink page: headline, byline, paragraphs and links to its neighbours.

import { html, raw } from "hono/html";
import { isLargeCard } from "../core/shareCard";
import { storyPath } from "../core/storyPath";
import { tagPath } from "../core/tagSlug";
import type { Site, Story, StoryIndexEntry } from "../core/types";
import { formatDate } from "./formatDate";
import { previewLabel } from "./previewLabel";
import { jsonForScript } from "./jsonForScript";
import { renderLayout } from "./renderLayout";

/** Neighbours in the home page's order: `newer` is above, `older` below. */
export interface StoryNeighbours {
  readonly newer: StoryIndexEntry | null;
  readonly older: StoryIndexEntry | null;
}

/**
 * The story's body: its paragraphs, escaped; or for a Markdown story its HTML
 * (sanitised at build time), after the lead figure when the body does not show it.
 */
function body(story: Story) {
  if (story.html === undefined) return story.paragraphs.map((paragraph) => html`<p>${paragraph}</p>\n`);
  const lead = story.image && !story.image.inBody ? `${story.image.figure}\n` : "";
  return raw(`${lead}${story.html}\n`);
}

/** The permalink page HTML for `story`, rendered at `now` (epoch ms; only preview labels depend on it). */
export function renderStoryPage(site: Site, story: Story, neighbours: StoryNeighbours, now: number): string {
  const label = previewLabel(story, now);
  const author = story.author ?? site.author;
  const updated =
    story.updated !== story.published
      ? html` · updated <time datetime="${story.updated}">${formatDate(story.updated)}</time>`
      : "";
  const main = html`<article>
<header>
${label ? html`<p class="preview" role="status">${label}</p>\n` : ""}<h1>${story.title}</h1>
<p class="meta">By ${author} · <time datetime="${story.published}">${formatDate(story.published)}</time>${updated}</p>
</header>
${story.correction ? html`<aside class="correction" aria-label="Correction"><p><strong>Correction:</strong> ${story.correction}</p></aside>\n` : ""}${body(story)}${story.tags.length > 0 ? html`<footer class="meta">Topics: ${story.tags.map((tag, i) => html`${i > 0 ? ", " : ""}<a href="${tagPath(tag)}">${tag}</a>`)}</footer>\n` : ""}</article>
<nav aria-label="More stories">
<ul>
<li><a href="/">All stories</a></li>
${neighbours.older ? html`<li><a href="${storyPath(neighbours.older)}" rel="prev">Previous: ${neighbours.older.title}</a></li>\n` : ""}${neighbours.newer ? html`<li><a href="${storyPath(neighbours.newer)}" rel="next">Next: ${neighbours.newer.title}</a></li>\n` : ""}</ul>
</nav>`;
  const url = `${site.baseUrl}${storyPath(story)}`;
  const absolute = (path: string): string => `${site.baseUrl}${path}`;
  const { image } = story;
  // A large preview only from a full-size card (see core/shareCard.ts): a card made from a
  // smaller photo asks for the small one rather than be shown blurred.
  const large = image !== undefined && isLargeCard(image.card);
  const card = image
    ? html`<meta property="og:image" content="${absolute(image.card.url)}">
<meta property="og:image:width" content="${image.card.width}">
<meta property="og:image:height" content="${image.card.height}">
<meta property="og:image:alt" content="${image.alt}">
<meta name="twitter:card" content="${large ? "summary_large_image" : "summary"}">
<meta name="twitter:image" content="${absolute(image.card.url)}">
<meta name="twitter:image:alt" content="${image.alt}">
`
    : html`<meta name="twitter:card" content="summary">\n`;
  // Schema.org NewsArticle for search engines; jsonForScript keeps story text from closing the element.
  const structured = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: story.title,
    description: story.summary,
    datePublished: story.published,
    dateModified: story.updated,
    inLanguage: site.language,
    author: { "@type": "Person", name: author },
    publisher: { "@type": "Organization", name: site.title, url: `${site.baseUrl}/` },
    mainEntityOfPage: { "@type": "WebPage", "@id": url },
    url,
    ...(story.tags.length > 0 ? { keywords: story.tags.join(", ") } : {}),
    ...(story.correction ? { correction: story.correction } : {}),
    // Google asks for 16:9, 4:3 and 1:1 versions of the lead image, at least 1200 wide: from a
    // smaller photo they are smaller (never enlarged), each with the size it really has.
    ...(image
      ? {
          image: image.crops.map((crop) => ({
            "@type": "ImageObject",
            url: absolute(crop.url),
            width: crop.width,
            height: crop.height,
          })),
        }
      : {}),
  };
  const head = html`<meta property="og:type" content="article">
<meta property="og:title" content="${story.title}">
<meta property="og:description" content="${story.summary}">
<meta property="og:url" content="${url}">
<meta property="og:site_name" content="${site.title}">
<meta property="og:locale" content="${site.language.replace("-", "_")}">
<meta property="article:published_time" content="${story.published}">
<meta property="article:modified_time" content="${story.updated}">
<meta property="article:author" content="${author}">
${story.tags.map((tag) => html`<meta property="article:tag" content="${tag}">\n`)}${card}<meta name="twitter:title" content="${story.title}">
<meta name="twitter:description" content="${story.summary}">
<script type="application/ld+json">${raw(jsonForScript(structured))}</script>
`;
  return renderLayout(site, {
    title: `${story.title} – ${site.title}`,
    description: story.summary,
    canonicalUrl: url,
    main,
    head,
  });
}
