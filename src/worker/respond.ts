// The one way the app answers: render a resource once per served state, keep it, and serve it with
// the HTTP contract (ETag, Last-Modified, 304, gzip, cache headers); plus redirects and 404s.

import type { Context } from "hono";
import { RETAINED_304_HEADERS } from "hono/etag";
import { renderNotFoundPage } from "../pages/renderNotFoundPage";
import type { Site } from "../core/types";
import { isNotModified } from "./conditional";
import {
  CACHE_CONTROL,
  CONTENT_TYPES,
  feedsLinkHeader,
  wantsGzip,
  wantsJson,
  type ContentKind,
} from "./httpPolicy";
import { prepareRepresentation } from "./representation";
import type { CacheVariables } from "./responseCache";
import type { ServedStates } from "./servedState";
import type { Visibility } from "./visibility";

/** The hono context every route sees. */
export type SiteContext = Context<{ Variables: CacheVariables }>;

/** A body and the newest instant that can have changed it (RFC 3339): its Last-Modified. */
export interface Rendered {
  readonly body: string;
  readonly modified: string;
}

/** A resource as a route describes it. */
export interface Resource {
  /** Names the body within a served state: one key, one body. */
  readonly key: string;
  readonly kind: ContentKind;
  readonly render: (view: Visibility) => Rendered | Promise<Rendered>;
  readonly status?: 200 | 404 | 410;
  readonly cacheControl?: string;
  /** The `Link` header; the feeds' alternates when not given. */
  readonly link?: string;
  readonly vary?: string;
}

/** How routes answer. */
export interface Responder {
  /** The stories served now (one clock comparison). */
  view(): Visibility;
  /** The `Link` header advertising the site's feeds, sent with every page and feed. */
  readonly feedsLink: string;
  /** Renders `resource` once per served state and serves it, 304 when the client's copy is current. */
  serve(c: SiteContext, resource: Resource): Promise<Response>;
  /** 301 to `location` (a path on this site). */
  redirect(c: SiteContext, location: string): Response;
  /** The 404 page, or a JSON 404 for clients that ask for JSON. */
  notFound(c: SiteContext): Promise<Response>;
}

/** A responder serving `states` on `site`. */
export function createResponder(site: Site, states: ServedStates): Responder {
  const feedsLink = feedsLinkHeader(site);
  const retained = new Set(RETAINED_304_HEADERS);

  const serve = async (c: SiteContext, resource: Resource): Promise<Response> => {
    const state = states.current();
    const representation = await state.representations.get(resource.key, async () => {
      const { body, modified } = await resource.render(state.view);
      return prepareRepresentation(body, CONTENT_TYPES[resource.kind], modified);
    });
    const status = resource.status ?? 200;
    const gzip = wantsGzip(c);
    const bytes = gzip ? representation.gzip : representation.identity;
    const headers = new Headers({
      "Content-Type": representation.contentType,
      "Cache-Control": resource.cacheControl ?? CACHE_CONTROL.default,
      Vary: resource.vary ?? "Accept-Encoding",
      Link: resource.link ?? feedsLink,
      // Stated explicitly so a HEAD answer (hono drops the body) still tells the length a GET has.
      "Content-Length": String(bytes.byteLength),
    });
    // Only a 200 has validators: a 404 or 410 body is not a representation to revalidate, and a
    // conditional request applies only to an answer that would be 2xx (RFC 9110 §13.2.1).
    const etag = status === 200 ? (gzip ? representation.gzipEtag : representation.etag) : null;
    if (etag) {
      headers.set("ETag", etag);
      headers.set("Last-Modified", representation.lastModified);
    }
    if (gzip) headers.set("Content-Encoding", "gzip");
    c.set("served", { body: bytes, etag, lastModified: representation.lastModified });
    if (etag && isNotModified(c.req.raw.headers, etag, representation.lastModified)) {
      // RFC 9110 §15.4.5: a 304 carries the fields a 200 would that keep caches right, no more.
      const kept = new Headers();
      for (const [name, value] of headers) if (retained.has(name)) kept.set(name, value);
      return new Response(null, { status: 304, headers: kept });
    }
    // encodeBody "manual": the bytes are already gzip; workerd must send them as they are.
    return new Response(bytes, { status, headers, encodeBody: "manual" });
  };

  return {
    view: () => states.current().view,
    feedsLink,
    serve,
    redirect: (c, location) =>
      c.body(null, 301, { Location: location, "Cache-Control": CACHE_CONTROL.redirect }),
    async notFound(c) {
      if (wantsJson(c)) {
        return c.json({ error: "Not Found", status: 404 }, 404, {
          "Cache-Control": CACHE_CONTROL.notFound,
          Vary: "Accept-Encoding, Accept",
        });
      }
      return serve(c, {
        key: "404",
        kind: "html",
        status: 404,
        cacheControl: CACHE_CONTROL.notFound,
        vary: "Accept-Encoding, Accept",
        render: async (view) => ({
          body: renderNotFoundPage(site),
          modified: await view.modifiedThrough(Infinity),
        }),
      });
    },
  };
}
