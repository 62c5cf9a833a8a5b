// The site's table of contents: the middleware every request passes, in order, then the route modules
// by resource family, then what answers when nothing else does.

import { Hono } from "hono";
import { cors } from "hono/cors";
import { methodNotAllowed } from "hono/method-not-allowed";
import { secureHeaders } from "hono/secure-headers";
import { FEED_PATHS } from "../core/paths";
import type { Content, Site } from "../core/types";
import { STYLES } from "../pages/styles";
import { createArchiveReader } from "./archiveReader";
import { ContentUnavailable } from "./contentUnavailable";
import {
  ALLOW,
  CACHE_CONTROL,
  RETRY_AFTER_SECONDS,
  STRICT_TRANSPORT_SECURITY,
  wantsGzip,
  wantsJson,
} from "./httpPolicy";
import { requestGuard } from "./requestGuard";
import { createResponder } from "./respond";
import { responseCache, type CacheVariables } from "./responseCache";
import { discoveryRoutes } from "./routes/discovery";
import { mediaRoutes, type MediaStore } from "./routes/media";
import { feedRoutes } from "./routes/feeds";
import { pageRoutes } from "./routes/pages";
import { searchRoutes } from "./routes/search";
import { storyRoutes } from "./routes/stories";
import { createSearchEngine } from "./searchEngine";
import { servedStates } from "./servedState";
import { createStoryStore } from "./storyStore";
import { varyByCoding } from "./varyByCoding";

const MiB = 1024 * 1024;

/**
 * The isolate's memory budget for caches (an isolate has 128 MB), 72 MiB in all:
 * archive files (32 MiB: story chunks, index files, id and topic files; a
 * chunk of 200 ordinary stories weighs about 1 MiB as UTF-16), rendered bodies
 * (24 MiB, identity + gzip), and replayable responses (8 MiB, counting bodies
 * that are mostly the same bytes as the rendered ones). The rest is left for the
 * code, the index and the request being rendered.
 */
export const MEMORY_BUDGET = {
  archiveBytes: 32 * MiB,
  representationBytes: 24 * MiB,
  replayBytes: 8 * MiB,
  searchBytes: 8 * MiB,
};

/** Cache bounds and the clock, injectable for tests and the bench. */
export interface AppOptions {
  readonly archiveBytes?: number;
  readonly representationBytes?: number;
  readonly replayBytes?: number;
  readonly searchBytes?: number;
  /** The clock (epoch ms), injectable so tests can stand at a chosen instant. */
  readonly now?: () => number;
  /** Where /media/* files are read from; without it, none is served. */
  readonly media?: MediaStore;
}

/** The app, with the bytes its caches hold (for tests and the bench). */
export type App = Hono<{ Variables: CacheVariables }> & {
  cachedBytes(): { archive: number; state: number; search: number };
};

/** The `'sha256-…'` source that lets the one inline stylesheet through the CSP. */
async function styleHash(): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(STYLES));
  return `'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`;
}

/**
 * Builds the app serving `content` on `site`. Every body is rendered, hashed and
 * compressed at most once per served state, on first request, then served from
 * memory within MEMORY_BUDGET.
 */
export async function createApp(content: Content, site: Site, options: AppOptions = {}): Promise<App> {
  const clock = options.now ?? Date.now;
  const reader = createArchiveReader(content, options.archiveBytes ?? MEMORY_BUDGET.archiveBytes);
  const states = servedStates(content, reader, site, clock, {
    representationBytes: options.representationBytes ?? MEMORY_BUDGET.representationBytes,
    replayBytes: options.replayBytes ?? MEMORY_BUDGET.replayBytes,
  });
  const store = createStoryStore(reader, content.manifest.layout);
  const respond = createResponder(site, states);
  const engine = createSearchEngine(
    { ...content.manifest.search, load: content.read },
    content.manifest.total,
    options.searchBytes ?? MEMORY_BUDGET.searchBytes,
  );
  const kit = { site, layout: content.manifest.layout, store, respond, clock };

  const app = new Hono<{ Variables: CacheVariables }>();
  // Outside the response cache, whose key does not name the scheme: HSTS only over https, since
  // RFC 6797 §7.2 forbids it on plain http (where a browser ignores it, §8.1).
  app.use(async (c, next) => {
    await next();
    if (c.req.url.startsWith("https:"))
      c.res.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  });
  // A warm GET is answered here, without running the chain below again.
  app.use(
    responseCache({
      states,
      // Every input of an answer besides the request target: the coding, and (for 404s) Accept.
      variant: (c) => `${wantsGzip(c) ? "gzip" : "identity"}${wantsJson(c) ? " json" : ""}`,
    }),
  );
  // Inside the cache, so what it stores already says what varies; around everything else.
  app.use(varyByCoding());
  // Before the guards, so their 4xx answers carry the security headers too. Only headers current
  // browsers act on; each says what it does.
  app.use(
    secureHeaders({
      // Pages run no script and load nothing from elsewhere.
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        // The one inline stylesheet, by hash.
        styleSrc: [await styleHash()],
        imgSrc: ["'self'", "data:"],
        // Tools run on the page (Lighthouse reads /robots.txt with fetch) may reach this origin.
        connectSrc: ["'self'"],
        baseUri: ["'none'"],
        // The search form in every page's header submits to /search.
        formAction: ["'self'"],
        // No framing (clickjacking); supersedes X-Frame-Options in every current browser, so that is not sent.
        frameAncestors: ["'none'"],
        // The pages run no script; should one ever be injected, DOM sinks refuse plain strings (Trusted Types).
        requireTrustedTypesFor: ["'script'"],
      },
      // Browsers take the declared Content-Type and never sniff another (no HTML read from a feed).
      xContentTypeOptions: "nosniff",
      // Other origins see only this origin, never a search's query string, in Referer.
      referrerPolicy: "strict-origin-when-cross-origin",
      // A page opened from another origin gets no handle on its opener's window, nor the opener on it.
      crossOriginOpenerPolicy: "same-origin",
      // Feeds and photos are public, and may be embedded by cross-origin-isolated pages too.
      crossOriginResourcePolicy: "cross-origin",
      // Asks for an origin-keyed agent cluster: no synchronous scripting from same-site origins.
      originAgentCluster: "?1",
      // No DNS look-ups for links on the page before a reader follows one.
      xDnsPrefetchControl: "off",
      // Sent over https only, by the middleware above.
      strictTransportSecurity: false,
      // Only for cross-origin isolation, which pages without script do not need.
      crossOriginEmbedderPolicy: false,
      // Deprecated: the XSS auditor it controlled is gone from every browser.
      xXssProtection: false,
      // Only old Internet Explorer acted on it.
      xDownloadOptions: false,
      // Only Flash and Acrobat plug-ins read it.
      xPermittedCrossDomainPolicies: false,
      // Superseded by frame-ancestors above.
      xFrameOptions: false,
    }),
  );
  // The served state for this instant (read on the first request and when a scheduled instant
  // passes), inside the headers above so that a 503 for an unreadable archive carries them too.
  app.use(async (c, next) => {
    c.set("state", await states.refresh());
    await next();
  });
  app.use(requestGuard());
  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed(c) {
        // The chain already produced a 404 page, and hono would copy its headers (gzip coding, cache
        // lifetime) onto the text below: drop it first.
        c.res = undefined;
        return new Response("Method Not Allowed\n", {
          status: 405,
          headers: { Allow: ALLOW, "Content-Type": "text/plain; charset=utf-8" },
        });
      },
    }),
  );
  // Feeds are read by web feed readers on other origins.
  const cross = cors({
    origin: "*",
    allowMethods: ["GET", "HEAD", "OPTIONS"],
    exposeHeaders: ["ETag", "Last-Modified", "Link"],
    maxAge: 86400,
  });
  for (const path of [...Object.values(FEED_PATHS), "/archive/*", "/tags/*", "/search/*"])
    app.use(path, cross);

  app.route("/", pageRoutes(kit));
  app.route("/", feedRoutes(kit));
  app.route("/", storyRoutes(kit));
  app.route("/", discoveryRoutes(kit));
  app.route("/", searchRoutes(kit, engine));
  if (options.media) app.route("/", mediaRoutes(options.media, respond));

  app.notFound((c) => respond.notFound(c));
  app.onError((error, c) => {
    if (error instanceof ContentUnavailable) {
      // Logged once by the story store; a retry succeeds as soon as the content is readable again.
      return c.text(
        "Service Unavailable: part of the archive cannot be read right now; try again shortly.\n",
        503,
        {
          "Retry-After": String(RETRY_AFTER_SECONDS),
          "Cache-Control": CACHE_CONTROL.none,
        },
      );
    }
    // Nothing internal (stack, file path) ever reaches a client.
    console.error("unhandled error", error instanceof Error ? error.message : String(error));
    return c.text("Internal Server Error", 500, { "Cache-Control": CACHE_CONTROL.none });
  });
  return Object.assign(app, {
    cachedBytes: () => ({
      archive: reader.cachedBytes,
      state: states.cachedBytes(),
      search: engine.cachedBytes,
    }),
  });
}
