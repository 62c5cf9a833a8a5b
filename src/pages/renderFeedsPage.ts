// The feeds page: what each feed is, with its address ready to copy.

import { html } from "hono/html";
import { FEED_FORMATS, FEED_FORMAT_LIST, type FeedFormat } from "../core/feedFormats";
import { FEED_PATHS } from "../core/paths";
import type { Site } from "../core/types";
import { feedLabel, renderLayout } from "./renderLayout";

/** What each format is, for someone choosing one. */
const WHAT_IT_IS: Record<FeedFormat, string> = {
  rss: "The format nearly every feed reader, podcast app and news aggregator reads. Start here.",
  atom: "An IETF standard (RFC 4287) with precise dates and plain-text titles; read by most feed readers.",
  json: "The same stories as JSON (JSON Feed 1.1), convenient for programs and newer readers.",
};

/** The HTML of `/feeds`. */
export function renderFeedsPage(site: Site): string {
  const feed = (name: string, path: string, text: string) => html`<li>
<h2>${name}</h2>
<p>${text}</p>
<p><label>Address: <input type="url" readonly value="${site.baseUrl}${path}" size="40"></label> <a href="${path}">open<span class="sr-only"> the ${feedLabel(name)}</span></a></p>
</li>
`;
  const main = html`<h1>Feeds</h1>
<p>A feed is a list of new stories that a feed reader app checks for you, so each new story comes to you without visiting this site. Copy an address into your reader; any of the three works, and they carry the same stories.</p>
<ul class="stories">
${FEED_FORMAT_LIST.map((format) => feed(FEED_FORMATS[format].name, FEED_PATHS[format], WHAT_IT_IS[format]))}</ul>
<p>Older stories stay reachable from each feed through its archive pages (RFC 5005). To import all three at once, use the <a href="/feeds.opml">OPML file</a>.</p>`;
  return renderLayout(site, {
    title: `Feeds – ${site.title}`,
    description: `Follow ${site.title} in a feed reader: RSS, Atom and JSON Feed addresses.`,
    canonicalUrl: `${site.baseUrl}/feeds`,
    main,
  });
}
