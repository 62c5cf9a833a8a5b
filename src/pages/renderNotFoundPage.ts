// The 404 page: says what happened and offers the way home and the feeds.

import { html } from "hono/html";
import type { Site } from "../core/types";
import { renderLayout } from "./renderLayout";

/** The HTML of the 404 page. It echoes nothing from the request. */
export function renderNotFoundPage(site: Site): string {
  const main = html`<h1>Page not found</h1>
<p>There is no page at this address. It may have been mistyped, or the link that brought you here is broken.</p>
<p><a href="/">Go to the home page</a> for every story, or follow the site in a feed reader with one of the feeds below.</p>`;
  return renderLayout(site, {
    title: `Page not found – ${site.title}`,
    description: site.description,
    canonicalUrl: null,
    main,
  });
}
