// The hono app: routes and the HTTP contract (ETag/304, HEAD, 405, CORS, compression, caching).

import { Hono, type Context } from "hono";
import { cors } from "hono/cors";
import { etag } from "hono/etag";
import { methodNotAllowed } from "hono/method-not-allowed";
import { secureHeaders } from "hono/secure-headers";
import { newestDate } from "../core/newestDate";
import { FEED_PATHS, feedFormatOf, type FeedFormat } from "../core/paths";
import { storyPath } from "../core/storyPath";
import { tagPath, tagSlug } from "../core/tagSlug";
import type { Content, Site } from "../core/types";
import type { FeedDocument } from "../feeds/feedContext";
import { renderAtom } from "../feeds/renderAtom";
import { renderJsonFeed } from "../feeds/renderJsonFeed";
import { jsonFeedItem } from "../feeds/jsonFeedItem";
import { renderOpml } from "../feeds/renderOpml";
import { renderRss } from "../feeds/renderRss";
import { renderFeedsPage } from "../pages/renderFeedsPage";
import { renderGonePage } from "../pages/renderGonePage";
import { renderHomePage } from "../pages/renderHomePage";
import { renderNotFoundPage } from "../pages/renderNotFoundPage";
import { renderRobots } from "../pages/renderRobots";
import { renderNewsSitemap } from "../pages/renderNewsSitemap";
import { renderSitemap } from "../pages/renderSitemap";
import { renderTagPage } from "../pages/renderTagPage";
import { renderStoryPage } from "../pages/renderStoryPage";
import { STYLES } from "../pages/styles";
import { acceptsGzip } from "./acceptsGzip";
import { ifModifiedSince } from "./ifModifiedSince";
import { LruCache } from "./lruCache";
import { responseCache, type CacheVariables } from "./responseCache";
import { prepareRepresentation, type Representation } from "./representation";
import { requestGuard } from "./requestGuard";
import { createStoryStore } from "./storyStore";
import { visibility, type Visibility } from "./visibility";

const TYPES = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  json: "application/feed+json; charset=utf-8",
  html: "text/html; charset=utf-8",
  text: "text/plain; charset=utf-8",
  xml: "application/xml; charset=utf-8",
  opml: "text/x-opml; charset=utf-8",
  jsonItem: "application/json; charset=utf-8",
} as const;

const RENDERERS: Record<FeedFormat, (site: Site, document: FeedDocument) => string> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
};

/**
 * Feeds are polled every few minutes: fresh for 5 minutes, then served stale
 * while revalidating for an hour, so a reader never waits on a cold render.
 */
const CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=3600";
/**
 * A full archive page does not change when stories are added (RFC 5005 §4), only
 * when one of its own stories is edited, so caches keep it for a day and then
 * revalidate it by ETag.
 */
const ARCHIVE_CACHE_CONTROL = "public, max-age=86400, stale-while-revalidate=604800";
const NOT_FOUND_CACHE_CONTROL = "public, max-age=60";
/** A retitled story's old slug keeps redirecting; the canonical slug may change again, so not forever. */
const REDIRECT_CACHE_CONTROL = "public, max-age=3600";
const ALLOW = "GET, HEAD, OPTIONS";
const CORS = {
  origin: "*",
  allowMethods: ["GET", "HEAD", "OPTIONS"],
  exposeHeaders: ["ETag", "Last-Modified", "Link"],
  maxAge: 86400,
};
/** Retracted stories announced in the Atom feed (newest first). */
const MAX_TOMBSTONES = 50;
/** Stories listed on a topic page (its feeds carry FEED_SIZE). */
const TOPIC_PAGE_SIZE = 50;
/** Stories per home page. */
export const HOME_PAGE_SIZE = 20;
/** A page number as written in a URL: no sign, no leading zero, at most 6 digits. */
const PAGE_NUMBER = /^[1-9]\d{0,5}$/;

/** Limits of the per-isolate caches (an isolate has 128 MB). */
export interface AppOptions {
  /** Bytes of rendered bodies (identity + gzip) kept in memory. */
  readonly maxCachedBytes?: number;
  /** Bytes of bodies kept with their final headers, ready to replay. */
  readonly maxReplayBytes?: number;
  /** Story chunks kept in memory. */
  readonly maxCachedChunks?: number;
  /** The clock (epoch ms), injectable so tests can stand at a chosen instant. */
  readonly now?: () => number;
}

/** The client's own Accept-Encoding: on Cloudflare (and in wrangler dev) the header the Worker sees is rewritten. */
function clientAcceptEncoding(c: Context): string | undefined {
  const cf = (c.req.raw as { cf?: { clientAcceptEncoding?: string } }).cf;
  return cf?.clientAcceptEncoding ?? c.req.header("Accept-Encoding");
}

/** Whether a client asks for JSON rather than HTML (an API client hitting a missing path). */
function wantsJson(c: Context): boolean {
  const accept = c.req.header("Accept");
  return (
    accept !== undefined && /application\/(?:[\w.+-]*\+)?json/i.test(accept) && !/text\/html/i.test(accept)
  );
}

async function styleHash(): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(STYLES));
  return `'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`;
}

/**
 * Builds the app serving `content` on `site`. Every body is rendered, hashed and
 * compressed at most once per isolate, on first request, then served from memory
 * (within the cache bounds).
 */
export async function createApp(
  content: Content,
  site: Site,
  options: AppOptions = {},
): Promise<Hono<{ Variables: CacheVariables }>> {
  const { index, chunkSize } = content;
  const clock = options.now ?? Date.now;
  // What is served changes only at known instants (a scheduled story's time): between them a
  // request costs one comparison; at one, everything is derived again under a new generation,
  // so no cached body, ETag or replay from before is used after it.
  let generation = 0;
  let state = visibility(index, chunkSize, site.feedSize, site.showDrafts, clock());
  const current = (): Visibility => {
    const now = clock();
    if (now >= state.nextChange) {
      state = visibility(index, chunkSize, site.feedSize, site.showDrafts, now);
      generation++;
    }
    return state;
  };
  const store = createStoryStore(content, options.maxCachedChunks ?? 64);
  const linkHeader = Object.entries(FEED_PATHS)
    .map(
      ([format, path]) =>
        `<${site.baseUrl}${path}>; rel="alternate"; type="${TYPES[format as FeedFormat].split(";")[0]}"`,
    )
    .join(", ");

  const prepared = new LruCache<Representation>(
    options.maxCachedBytes ?? 16 * 1024 * 1024,
    (representation) => representation.identity.byteLength + representation.gzip.byteLength,
  );
  /** Renders `key` once; `render` gives the body and the stories it shows (for Last-Modified). */
  const once = (
    key: string,
    contentType: string,
    render: () => Promise<{ body: string; stories: readonly { updated: string }[] }>,
  ): Promise<Representation> =>
    prepared.get(`${generation} ${key}`, async () => {
      const { body, stories } = await render();
      return prepareRepresentation(body, contentType, newestDate(stories));
    });

  const serve = (
    c: Context<{ Variables: CacheVariables }>,
    representation: Representation,
    extra: { status?: 200 | 404 | 410; cacheControl?: string; link?: string; vary?: string } = {},
  ): Response => {
    const gzip = acceptsGzip(clientAcceptEncoding(c));
    const bytes = gzip ? representation.gzip : representation.identity;
    const headers = new Headers({
      "Content-Type": representation.contentType,
      "Cache-Control": extra.cacheControl ?? CACHE_CONTROL,
      Vary: extra.vary ?? "Accept-Encoding",
      "Last-Modified": representation.lastModified,
      Link: extra.link ?? linkHeader,
      // Stated explicitly so a HEAD answer (hono drops the body) still tells the length a GET has.
      "Content-Length": String(bytes.byteLength),
    });
    if ((extra.status ?? 200) === 200)
      headers.set("ETag", gzip ? representation.gzipEtag : representation.etag);
    if (gzip) headers.set("Content-Encoding", "gzip");
    c.set("served", { body: bytes, etag: headers.get("ETag"), lastModified: representation.lastModified });
    // encodeBody "manual": the bytes are already gzip; workerd must send them as they are.
    return new Response(bytes, { status: extra.status ?? 200, headers, encodeBody: "manual" });
  };

  const notFound = async (c: Context<{ Variables: CacheVariables }>): Promise<Response> => {
    if (wantsJson(c)) {
      return c.json({ error: "Not Found", status: 404 }, 404, {
        "Cache-Control": NOT_FOUND_CACHE_CONTROL,
        Vary: "Accept-Encoding, Accept",
      });
    }
    const page = await once("404", TYPES.html, async () => ({
      body: renderNotFoundPage(site),
      stories: current().entries.slice(0, 1),
    }));
    return serve(c, page, {
      status: 404,
      cacheControl: NOT_FOUND_CACHE_CONTROL,
      vary: "Accept-Encoding, Accept",
    });
  };

  const app = new Hono<{ Variables: CacheVariables }>();
  // First: a warm GET is answered here, without running the chain below again.
  app.use(
    responseCache({
      maxBytes: options.maxReplayBytes ?? 32 * 1024 * 1024,
      // Every input a response depends on besides the path: the coding, and (for 404s) Accept.
      variant: (c) => {
        current();
        return `${generation} ${acceptsGzip(clientAcceptEncoding(c)) ? "gzip" : "identity"}${wantsJson(c) ? " json" : ""}`;
      },
    }),
  );
  // Before the guards, so their 4xx answers carry the security headers too.
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
  app.use(requestGuard());
  app.use(
    methodNotAllowed({ app, onMethodNotAllowed: (c) => c.text("Method Not Allowed", 405, { Allow: ALLOW }) }),
  );
  for (const path of [...Object.values(FEED_PATHS), "/archive/*", "/tags/*"]) app.use(path, cors(CORS));
  app.use(etag());
  app.use(ifModifiedSince());

  const route = (path: string, handler: (c: Context) => Promise<Response>): void => {
    app.get(path, handler);
    app.options(path, (c) => c.body(null, 204, { Allow: ALLOW }));
  };

  /** A resource rendered from the served stories alone (robots.txt, sitemaps, OPML, the feeds page). */
  const derived = (
    path: string,
    contentType: string,
    render: (state: Visibility) => { body: string; stories: readonly { updated: string }[] },
  ): void => route(path, async (c) => serve(c, await once(path, contentType, async () => render(current()))));
  derived("/robots.txt", TYPES.text, (state) => ({
    body: renderRobots(site),
    stories: state.entries.slice(0, 1),
  }));
  derived("/sitemap.xml", TYPES.xml, (state) => ({
    body: renderSitemap(site, state.entries),
    stories: state.entries,
  }));
  derived("/news-sitemap.xml", TYPES.xml, (state) => {
    const stories = state.recent.map((place) => state.entries[place]!);
    return {
      body: renderNewsSitemap(site, stories),
      stories: stories.length > 0 ? stories : state.entries.slice(0, 1),
    };
  });
  derived("/feeds.opml", TYPES.opml, (state) => ({
    body: renderOpml(
      site,
      newestDate(state.entries),
      [...state.topics.values()].map((topic) => topic.name),
    ),
    stories: state.entries.slice(0, 1),
  }));
  derived("/feeds", TYPES.html, (state) => ({
    body: renderFeedsPage(site),
    stories: state.entries.slice(0, 1),
  }));

  const homePage = async (c: Context, page: number): Promise<Response> => {
    const { entries, positions } = current();
    const representation = await once(`page:${page}`, TYPES.html, async () => {
      const stories = await store.at(positions.slice((page - 1) * HOME_PAGE_SIZE, page * HOME_PAGE_SIZE));
      const pages = Math.max(1, Math.ceil(entries.length / HOME_PAGE_SIZE));
      return { body: renderHomePage(site, { stories, page, pages, now: clock() }), stories };
    });
    return serve(c, representation);
  };
  route("/", (c) => homePage(c, 1));
  route("/page/:page", async (c) => {
    const raw = c.req.param("page") ?? "";
    const page = PAGE_NUMBER.test(raw) ? Number(raw) : 0;
    if (page === 1) return c.body(null, 301, { Location: "/", "Cache-Control": REDIRECT_CACHE_CONTROL });
    const pages = Math.max(1, Math.ceil(current().entries.length / HOME_PAGE_SIZE));
    return page >= 2 && page <= pages ? homePage(c, page) : notFound(c);
  });

  /** WebSub discovery in HTTP (W3C WebSub §4): `rel="self"`, and `rel="hub"` when a hub is set. */
  const feedLink = (selfPath: string): string =>
    [
      `<${site.baseUrl}${selfPath}>; rel="self"`,
      ...(site.hubUrl ? [`<${site.hubUrl}>; rel="hub"`] : []),
      linkHeader,
    ].join(", ");

  for (const [format, path] of Object.entries(FEED_PATHS) as [FeedFormat, string][]) {
    route(path, async (c) => {
      const { positions, feedLength, archives, retracted } = current();
      const representation = await once(`feed:${format}`, TYPES[format], async () => {
        const stories = await store.at(positions.slice(0, feedLength));
        const withdrawn =
          format === "atom" ? await store.at([...retracted.values()].slice(0, MAX_TOMBSTONES)) : [];
        const deleted = withdrawn.map((story) => ({ guid: story.guid, when: story.updated }));
        return { body: RENDERERS[format](site, { stories, archivePage: null, archives, deleted }), stories };
      });
      return serve(c, representation, { link: feedLink(path) });
    });
  }
  route("/archive/:page/:file", async (c) => {
    const { archives, byId } = current();
    const raw = c.req.param("page") ?? "";
    const file = c.req.param("file") ?? "";
    const format = feedFormatOf(file);
    const page = PAGE_NUMBER.test(raw) ? Number(raw) : 0;
    if (!format || page < 1 || page > archives) return notFound(c);
    const representation = await once(`archive:${format}:${page}`, TYPES[format], async () => {
      const chunk = await store.chunk(page - 1);
      const stories = chunk.filter((story) => byId.has(story.id)).reverse();
      return { body: RENDERERS[format](site, { stories, archivePage: page, archives }), stories };
    });
    return serve(c, representation, { cacheControl: ARCHIVE_CACHE_CONTROL });
  });

  /** `/stories/<id>.json`: the story's JSON Feed item, for programs. */
  const storyJson = async (c: Context, id: string): Promise<Response> => {
    const { entries, positions, byId, retracted } = current();
    if (retracted.has(id)) return c.json({ error: "Gone: the story was retracted", status: 410 }, 410);
    const place = byId.get(id);
    if (place === undefined || c.req.path !== `/stories/${id}.json`) return notFound(c);
    const entry = entries[place]!;
    const representation = await once(`json:${id}`, TYPES.jsonItem, async () => {
      const [story] = await store.at([positions[place]!]);
      const item = jsonFeedItem(site, story!, `${site.baseUrl}${storyPath(entry)}`);
      return { body: `${JSON.stringify(item, null, 2)}\n`, stories: [entry] };
    });
    return serve(c, representation);
  };

  /** The topic of `/tags/<tag>...`, or the answer instead: 404 when unknown, 301 when not spelled canonically. */
  const topicOf = (
    c: Context,
    rest: string,
  ): { slug: string; topic: { name: string; places: readonly number[] } } | Promise<Response> => {
    const requested = c.req.param("tag") ?? "";
    const slug = tagSlug(requested);
    const topic = current().topics.get(slug);
    if (!topic) return notFound(c);
    if (requested !== slug) {
      const location = `${tagPath(topic.name)}${rest}`;
      return Promise.resolve(
        c.body(null, 301, { Location: location, "Cache-Control": REDIRECT_CACHE_CONTROL }),
      );
    }
    return { slug, topic };
  };
  route("/tags/:tag", async (c) => {
    const found = topicOf(c, "");
    if (found instanceof Promise) return found;
    const { positions } = current();
    const representation = await once(`tag:${found.slug}`, TYPES.html, async () => {
      const stories = await store.at(
        found.topic.places.slice(0, TOPIC_PAGE_SIZE).map((place) => positions[place]!),
      );
      return { body: renderTagPage(site, found.topic.name, stories), stories };
    });
    return serve(c, representation);
  });
  route("/tags/:tag/:file", async (c) => {
    const file = c.req.param("file") ?? "";
    const format = feedFormatOf(file);
    if (!format) return notFound(c);
    const found = topicOf(c, `/${file}`);
    if (found instanceof Promise) return found;
    const { positions } = current();
    const representation = await once(`tagfeed:${found.slug}:${format}`, TYPES[format], async () => {
      const stories = await store.at(
        found.topic.places.slice(0, site.feedSize).map((place) => positions[place]!),
      );
      const document = { stories, archivePage: null, archives: 0, topic: { name: found.topic.name } };
      return { body: RENDERERS[format](site, document), stories };
    });
    return serve(c, representation, { link: feedLink(`${tagPath(found.topic.name)}/${file}`) });
  });

  const storyRoute = async (c: Context): Promise<Response> => {
    const requested = c.req.param("id") ?? "";
    if (requested.endsWith(".json")) return storyJson(c, requested.slice(0, -".json".length));
    const { entries, positions, byId, retracted } = current();
    const withdrawn = retracted.get(requested);
    if (withdrawn !== undefined) {
      const entry = index[withdrawn]!;
      const gone = await once(`gone:${entry.id}`, TYPES.html, async () => ({
        body: renderGonePage(site, entry),
        stories: [entry],
      }));
      return serve(c, gone, { status: 410 });
    }
    const place = byId.get(requested);
    if (place === undefined) return notFound(c);
    const entry = entries[place]!;
    const canonical = storyPath(entry);
    // Any other spelling of the path (old slug, no slug, trailing slash) moves to the one address.
    if (c.req.path !== canonical) {
      return c.body(null, 301, { Location: canonical, "Cache-Control": REDIRECT_CACHE_CONTROL });
    }
    const page = await once(`story:${entry.id}`, TYPES.html, async () => {
      const [story] = await store.at([positions[place]!]);
      const neighbours = { newer: entries[place - 1] ?? null, older: entries[place + 1] ?? null };
      return { body: renderStoryPage(site, story!, neighbours, clock()), stories: [entry] };
    });
    return serve(c, page, { link: `<${site.baseUrl}${canonical}>; rel="canonical", ${linkHeader}` });
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
