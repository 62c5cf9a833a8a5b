// The 410 page of a retracted story: says it was withdrawn, when, and where to go instead.

import { html } from "hono/html";
import type { Site, StoryIndexEntry } from "../core/types";
import { formatDate } from "./formatDate";
import { renderLayout } from "./renderLayout";

/** The HTML answering a retracted story's address. */
export function renderGonePage(site: Site, entry: StoryIndexEntry): string {
  const main = html`<h1>Story retracted</h1>
<p>The story “${entry.title}” was retracted on <time datetime="${entry.updated}">${formatDate(entry.updated)}</time> and is no longer published.</p>
<p><a href="/">Go to the home page</a> for every current story.</p>`;
  return renderLayout(site, {
    title: `Story retracted – ${site.title}`,
    description: site.description,
    canonicalUrl: null,
    main,
  });
}
