// How the site speaks HTTP, in one place: media types, cache lifetimes, the feeds' Link header and
// content negotiation (which coding, JSON or HTML errors).

import type { Context } from "hono";
import { FEED_FORMATS, FEED_FORMAT_LIST, type FeedFormat } from "../core/feedFormats";
import { FEED_PATHS } from "../core/paths";
import type { Site } from "../core/types";

/** Media types of everything the app serves (text is UTF-8). */
export const CONTENT_TYPES = {
  ...(Object.fromEntries(
    FEED_FORMAT_LIST.map((format) => [format, `${FEED_FORMATS[format].mediaType}; charset=utf-8`]),
  ) as Record<FeedFormat, string>),
  html: "text/html; charset=utf-8",
  text: "text/plain; charset=utf-8",
  xml: "application/xml; charset=utf-8",
  opml: "text/x-opml; charset=utf-8",
  opensearch: "application/opensearchdescription+xml; charset=utf-8",
  jsonItem: "application/json; charset=utf-8",
} as const;

/** The kinds of body the app serves. */
export type ContentKind = keyof typeof CONTENT_TYPES;

/** `Cache-Control` of each kind of answer. */
export const CACHE_CONTROL = {
  /**
   * Feeds are polled every few minutes: fresh for 5 minutes, then served stale
   * while revalidating for an hour, so a reader never waits on a cold render.
   */
  default: "public, max-age=300, stale-while-revalidate=3600",
  /**
   * An archive page changes rarely: the newest one gains a `next-archive` link when
   * the next page fills, and a page changes when one of its stories is edited or
   * retracted. Caches keep it for a day, then revalidate it by ETag.
   */
  archive: "public, max-age=86400, stale-while-revalidate=604800",
  notFound: "public, max-age=60",
  /** A retitled story's old slug keeps redirecting; the canonical slug may change again, so not forever. */
  redirect: "public, max-age=3600",
  /** Errors that must not outlive their cause (503, 4xx from the guards). */
  none: "no-store",
  /** Media files are named by their content's hash: a name never gets other bytes (RFC 8246). */
  immutable: "public, max-age=31536000, immutable",
} as const;

/** Methods every resource allows (the `Allow` of 405 and OPTIONS answers). */
export const ALLOW = "GET, HEAD, OPTIONS";

/** HSTS (RFC 6797): https only for this host and its subdomains, for a year from each answer (the minimum Lighthouse and the preload list accept). */
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

/** Seconds a client should wait before retrying a 503 (a chunk that could not be read). */
export const RETRY_AFTER_SECONDS = 30;

/** The `Link` header advertising the site's three feeds (RFC 8288), sent with every page and feed. */
export function feedsLinkHeader(site: Site): string {
  return FEED_FORMAT_LIST.map(
    (format) =>
      `<${site.baseUrl}${FEED_PATHS[format]}>; rel="alternate"; type="${FEED_FORMATS[format].mediaType}"`,
  ).join(", ");
}

/**
 * Whether an `Accept-Encoding` value accepts gzip (RFC 9110 §12.5.3): listed (or
 * `*`) with a q above 0. An absent or empty header means identity only, which
 * every client can read.
 */
export function acceptsGzip(acceptEncoding: string | null | undefined): boolean {
  if (!acceptEncoding) return false;
  let gzip: number | undefined;
  let star: number | undefined;
  for (const part of acceptEncoding.toLowerCase().split(",")) {
    const [coding, ...params] = part.split(";").map((piece) => piece.trim());
    let q = 1;
    for (const param of params) {
      const match = /^q=([01](?:\.\d{0,3})?)$/.exec(param);
      if (match) q = Number(match[1]);
    }
    if (coding === "gzip" || coding === "x-gzip") gzip = Math.max(gzip ?? 0, q);
    else if (coding === "*") star = q;
  }
  return (gzip ?? star ?? 0) > 0;
}

/**
 * Whether to send the gzip bytes. Decided on the client's own Accept-Encoding:
 * on Cloudflare (and in wrangler dev) the header the Worker sees is rewritten to
 * `br, gzip`, and the client's value travels in `request.cf.clientAcceptEncoding`.
 */
export function wantsGzip(c: Context): boolean {
  const cf = (c.req.raw as { cf?: { clientAcceptEncoding?: string } }).cf;
  return acceptsGzip(cf?.clientAcceptEncoding ?? c.req.header("Accept-Encoding"));
}

/** Whether a client asks for JSON rather than HTML (an API client hitting a missing path). */
export function wantsJson(c: Context): boolean {
  const accept = c.req.header("Accept");
  return (
    accept !== undefined && /application\/(?:[\w.+-]*\+)?json/i.test(accept) && !/text\/html/i.test(accept)
  );
}
