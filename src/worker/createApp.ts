// The hono app: routes and the HTTP contract (ETag/304, HEAD, 405, CORS, compression, caching).

import { Hono, type Context } from "hono";
import { cors } from "hono/cors";
import { etag } from "hono/etag";
import { methodNotAllowed } from "hono/method-not-allowed";
import { secureHeaders } from "hono/secure-headers";
import { FEED_PATHS } from "../core/paths";
import { newestDate } from "../core/newestDate";
import { storyPath } from "../core/storyPath";
import type { Content, Site } from "../core/types";
import { renderAtom } from "../feeds/renderAtom";
import { renderJsonFeed } from "../feeds/renderJsonFeed";
import { renderRss } from "../feeds/renderRss";
import { renderHomePage } from "../pages/renderHomePage";
import { renderNotFoundPage } from "../pages/renderNotFoundPage";
import { renderStoryPage } from "../pages/renderStoryPage";
import { STYLES } from "../pages/styles";
import { acceptsGzip } from "./acceptsGzip";
import { ifModifiedSince } from "./ifModifiedSince";
import { prepareRepresentation, type Representation } from "./representation";
import { requestGuard } from "./requestGuard";

const TYPES = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  json: "application/feed+json; charset=utf-8",
  html: "text/html; charset=utf-8",
} as const;

/**
 * Feeds are polled every few minutes: fresh for 5 minutes, then served stale
 * while revalidating for an hour, so a reader never waits on a cold render.
 */
const CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=3600";
const NOT_FOUND_CACHE_CONTROL = "public, max-age=60";
/** A retitled story's old slug keeps redirecting; the canonical slug may change again, so not forever. */
const REDIRECT_CACHE_CONTROL = "public, max-age=3600";
const ALLOW = "GET, HEAD, OPTIONS";

/** Options of `createApp` beyond the content and site. */
export interface AppOptions {
  /** Feed CORS preflight max age in seconds. */
  readonly corsMaxAge?: number;
}

/** The client's own Accept-Encoding: on Cloudflare (and in wrangler dev) the header the Worker sees is rewritten. */
function clientAcceptEncoding(c: Context): string | undefined {
  const cf = (c.req.raw as { cf?: { clientAcceptEncoding?: string } }).cf;
  return cf?.clientAcceptEncoding ?? c.req.header("Accept-Encoding");
}

async function styleHash(): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(STYLES));
  return `'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`;
}

/**
 * Builds the app serving `content` on `site`. Every body is rendered, hashed and
 * compressed at most once per isolate, on first request, then served from memory.
 */
export async function createApp(content: Content, site: Site, options: AppOptions = {}): Promise<Hono> {
  const stories = content.stories;
  const byId = new Map(stories.map((story, index) => [story.id, index]));
  const updated = newestDate(stories, "1970-01-01T00:00:00Z");
  const linkHeader = [
    `<${site.baseUrl}${FEED_PATHS.rss}>; rel="alternate"; type="application/rss+xml"`,
    `<${site.baseUrl}${FEED_PATHS.atom}>; rel="alternate"; type="application/atom+xml"`,
    `<${site.baseUrl}${FEED_PATHS.json}>; rel="alternate"; type="application/feed+json"`,
  ].join(", ");

  const prepared = new Map<string, Promise<Representation>>();
  const once = (
    key: string,
    render: () => Representation | Promise<Representation>,
  ): Promise<Representation> => {
    let representation = prepared.get(key);
    if (!representation) {
      representation = Promise.resolve().then(render);
      // A failure must not be cached: the next request tries again.
      representation.catch(() => prepared.delete(key));
      prepared.set(key, representation);
    }
    return representation;
  };

  const serve = (
    c: Context,
    representation: Representation,
    extra: { status?: 200 | 404; cacheControl?: string; link?: string } = {},
  ): Response => {
    const gzip = acceptsGzip(clientAcceptEncoding(c));
    const headers = new Headers({
      "Content-Type": representation.contentType,
      "Cache-Control": extra.cacheControl ?? CACHE_CONTROL,
      Vary: "Accept-Encoding",
      "Last-Modified": representation.lastModified,
      Link: extra.link ?? linkHeader,
    });
    if ((extra.status ?? 200) === 200)
      headers.set("ETag", gzip ? representation.gzipEtag : representation.etag);
    if (gzip) headers.set("Content-Encoding", "gzip");
    const bytes = gzip ? representation.gzip : representation.identity;
    // Stated explicitly so a HEAD answer (hono drops the body) still tells the length a GET has.
    headers.set("Content-Length", String(bytes.byteLength));
    // encodeBody "manual": the bytes are already gzip; workerd must send them as they are.
    return new Response(bytes, {
      status: extra.status ?? 200,
      headers,
      encodeBody: "manual",
    });
  };

  const notFound = async (c: Context): Promise<Response> => {
    const accept = c.req.header("Accept") ?? "";
    if (/application\/(?:[\w.+-]*\+)?json/i.test(accept) && !/text\/html/i.test(accept)) {
      return c.json({ error: "Not Found", status: 404 }, 404, { "Cache-Control": NOT_FOUND_CACHE_CONTROL });
    }
    const page = await once("404", () =>
      prepareRepresentation(renderNotFoundPage(site), TYPES.html, updated),
    );
    return serve(c, page, { status: 404, cacheControl: NOT_FOUND_CACHE_CONTROL });
  };

  const app = new Hono();
  app.use(requestGuard());
  app.use(
    methodNotAllowed({ app, onMethodNotAllowed: (c) => c.text("Method Not Allowed", 405, { Allow: ALLOW }) }),
  );
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: [await styleHash()],
        imgSrc: ["'self'", "data:"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
      // Feeds are public and read cross-origin by web feed readers.
      crossOriginResourcePolicy: "cross-origin",
      crossOriginEmbedderPolicy: false,
      xFrameOptions: "DENY",
      referrerPolicy: "strict-origin-when-cross-origin",
    }),
  );
  for (const path of Object.values(FEED_PATHS)) {
    app.use(
      path,
      cors({
        origin: "*",
        allowMethods: ["GET", "HEAD", "OPTIONS"],
        exposeHeaders: ["ETag", "Last-Modified", "Link"],
        maxAge: options.corsMaxAge ?? 86400,
      }),
    );
  }
  app.use(etag());
  app.use(ifModifiedSince());

  const route = (path: string, handler: (c: Context) => Promise<Response>): void => {
    app.get(path, handler);
    app.options(path, (c) => c.body(null, 204, { Allow: ALLOW }));
  };

  route("/", async (c) =>
    serve(
      c,
      await once("/", () => prepareRepresentation(renderHomePage(site, stories), TYPES.html, updated)),
    ),
  );
  route(FEED_PATHS.rss, async (c) =>
    serve(c, await once("rss", () => prepareRepresentation(renderRss(site, stories), TYPES.rss, updated))),
  );
  route(FEED_PATHS.atom, async (c) =>
    serve(c, await once("atom", () => prepareRepresentation(renderAtom(site, stories), TYPES.atom, updated))),
  );
  route(FEED_PATHS.json, async (c) =>
    serve(
      c,
      await once("json", () => prepareRepresentation(renderJsonFeed(site, stories), TYPES.json, updated)),
    ),
  );

  const storyRoute = async (c: Context): Promise<Response> => {
    const index = byId.get(c.req.param("id") ?? "");
    if (index === undefined) return notFound(c);
    const story = stories[index]!;
    const canonical = storyPath(story);
    // Any other spelling of the path (old slug, no slug, trailing slash) moves to the one address.
    if (c.req.path !== canonical) {
      return c.body(null, 301, { Location: canonical, "Cache-Control": REDIRECT_CACHE_CONTROL });
    }
    const page = await once(`story:${story.id}`, () =>
      prepareRepresentation(
        renderStoryPage(site, story, {
          newer: stories[index - 1] ?? null,
          older: stories[index + 1] ?? null,
        }),
        TYPES.html,
        story.updated,
      ),
    );
    return serve(c, page, {
      link: `<${site.baseUrl}${canonical}>; rel="canonical", ${linkHeader}`,
    });
  };
  route("/stories/:id", storyRoute);
  route("/stories/:id/*", storyRoute);

  app.notFound(notFound);
  // Nothing internal (stack, file path) ever reaches a client.
  app.onError((error, c) => {
    console.error("unhandled error", error instanceof Error ? error.message : String(error));
    return c.text("Internal Server Error", 500, { "Cache-Control": "no-store" });
  });
  return app;
}
