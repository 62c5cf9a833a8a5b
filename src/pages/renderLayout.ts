// The HTML document shell shared by every page: head metadata, feed autodiscovery, inline styles.

import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { FEED_FORMATS, FEED_FORMAT_LIST } from "../core/feedFormats";
import { FEED_PATHS } from "../core/paths";
import type { Site } from "../core/types";
import { STYLES } from "./styles";

/** A piece of HTML built with hono's `html` template, escaped by construction. */
export type Fragment = HtmlEscapedString | Promise<HtmlEscapedString>;

/** What a page puts into the shell. */
export interface PageParts {
  readonly title: string;
  readonly description: string;
  /** Absolute canonical URL, or null for pages that have none (the 404 page). */
  readonly canonicalUrl: string | null;
  readonly main: Fragment;
  /** More <head> content: share metadata, structured data, rel="prev"/"next" links. */
  readonly head?: Fragment;
  /**
   * Feeds to advertise instead of the site's: a topic page advertises the topic's
   * (`prefix` `/tags/<slug>`), a results page its search's (`prefix` `/search`, `query` `?q=…`).
   */
  readonly feeds?: { readonly title: string; readonly prefix: string; readonly query?: string };
  /** The search box's text (on a results page). */
  readonly searched?: string;
}

/** Forces a hono `html` result that has no async parts into a string. */
function htmlString(value: Fragment): string {
  if (value instanceof Promise) throw new TypeError("page templates must be synchronous");
  return value.toString();
}

/** A feed format's name as a link says it: "RSS feed", "Atom feed", but "JSON Feed" (its name says it). */
export function feedLabel(name: string): string {
  return name.endsWith("Feed") ? name : `${name} feed`;
}

/**
 * The text of a link to a page's own feed in format `name` (a topic's, a
 * search's): the format's name shown, the rest of its name hidden for screen
 * readers ("RSS" + " feed of this topic"), so it is named apart from the site's
 * feeds in the footer (WCAG 2.4.9: one link text, one target).
 */
export function ownFeedName(name: string, of: string): Fragment {
  return html`${name}<span class="sr-only">${feedLabel(name).slice(name.length)} ${of}</span>`;
}

/**
 * The subscribe links to the site's feeds, shown on every page for people who
 * follow a feed link in a browser. A page's links to other feeds (a topic's, a
 * search's) are named apart from these (WCAG 2.4.9: one link text, one target).
 */
export function feedLinks(): Fragment {
  return html`<ul>
${FEED_FORMAT_LIST.map((format) => {
  const { mediaType, name } = FEED_FORMATS[format];
  return html`<li><a href="${FEED_PATHS[format]}" type="${mediaType}">${feedLabel(name)}</a></li>\n`;
})}</ul>`;
}

/**
 * A complete HTML document for `site` with `parts`. The <style> content must be
 * exactly STYLES: the Content-Security-Policy allows it by the hash of those bytes.
 */
export function renderLayout(site: Site, parts: PageParts): string {
  const base = `${site.baseUrl}${parts.feeds?.prefix ?? ""}`;
  const feedTitle = parts.feeds?.title ?? site.title;
  const page = html`<!doctype html>
<html lang="${site.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${parts.title}</title>
<meta name="description" content="${parts.description}">
${parts.canonicalUrl ? html`<link rel="canonical" href="${parts.canonicalUrl}">\n` : ""}${FEED_FORMAT_LIST.map(
    (format) => {
      const { mediaType, name } = FEED_FORMATS[format];
      return html`<link rel="alternate" type="${mediaType}" title="${feedTitle} (${name})" href="${base}${FEED_PATHS[format]}${parts.feeds?.query ?? ""}">\n`;
    },
  )}<link rel="icon" href="data:,">
<link rel="search" type="application/opensearchdescription+xml" title="${site.title}" href="/opensearch.xml">
${parts.head ?? ""}<style>${raw(STYLES)}</style>
</head>
<body>
<div class="wrap">
<header class="site"><a href="/">${site.title}</a>
<form class="search" role="search" action="/search" method="get"><label for="search-box" class="sr-only">Search the stories</label><input id="search-box" type="search" name="q" value="${parts.searched ?? ""}" maxlength="200" placeholder="Search"> <button type="submit">Search</button></form>
</header>
<main id="main">
${parts.main}
</main>
<footer>
<h2>Follow ${site.title}</h2>
<p>A feed is a list of new stories that a feed reader app checks for you, so each new story comes to you without visiting this site. Copy one of these links into your reader (any of them works; most readers take RSS):</p>
${feedLinks()}
</footer>
</div>
</body>
</html>
`;
  return htmlString(page);
}
