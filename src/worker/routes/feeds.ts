// The feeds: the site's subscription feeds, its RFC 5005 archive pages, and each topic's feeds,
// all rendered through one function.

import { FEED_FORMAT_LIST, feedFormatOf, type FeedFormat } from "../../core/feedFormats";
import { FEED_PATHS } from "../../core/paths";
import { tagPath } from "../../core/tagSlug";
import type { Story } from "../../core/types";
import type { FeedDocument } from "../../feeds/feedContext";
import { renderFeed } from "../../feeds/renderFeed";
import { CACHE_CONTROL } from "../httpPolicy";
import type { SiteContext } from "../respond";
import type { Visibility } from "../visibility";
import { pageNumber, routeGroup, servedOrdinals, type RouteKit } from "./routeKit";
import { topicOf } from "./topicOf";

/** Retracted stories announced in the Atom feed (newest first). */
const MAX_TOMBSTONES = 50;

/** Which feed document: what it holds, and its Last-Modified. */
interface FeedSource {
  /** Names the document (the format is added). */
  readonly key: string;
  /** The archive page number, for archive pages. */
  readonly archivePage?: number;
  readonly topic?: { readonly name: string; readonly slug: string };
  /** WebSub and `rel="self"` in HTTP for subscription feeds: the path they are served at. */
  readonly selfPath?: string;
  readonly load: (
    view: Visibility,
    format: FeedFormat,
  ) => Promise<{ stories: readonly Story[]; deleted?: FeedDocument["deleted"]; modified: string }>;
}

/** The feed routes. */
export function feedRoutes({ site, layout, store, respond }: RouteKit) {
  const { app, resource } = routeGroup();
  const { feedsLink } = respond;
  /** WebSub discovery in HTTP (W3C WebSub §4): `rel="self"`, and `rel="hub"` when a hub is set. */
  const selfLink = (path: string): string =>
    [
      `<${site.baseUrl}${path}>; rel="self"`,
      ...(site.hubUrl ? [`<${site.hubUrl}>; rel="hub"`] : []),
      feedsLink,
    ].join(", ");

  const feed = (c: SiteContext, format: FeedFormat, source: FeedSource): Promise<Response> =>
    respond.serve(c, {
      key: `${source.key}:${format}`,
      kind: format,
      ...(source.archivePage !== undefined ? { cacheControl: CACHE_CONTROL.archive } : {}),
      ...(source.selfPath !== undefined ? { link: selfLink(source.selfPath) } : {}),
      render: async (view) => {
        const { stories, deleted, modified } = await source.load(view, format);
        const archives = source.topic ? (await view.topicList(source.topic.slug)).archives : view.archives;
        const document: FeedDocument = {
          stories,
          archivePage: source.archivePage ?? null,
          archives,
          ...(source.topic ? { topic: { name: source.topic.name } } : {}),
          ...(deleted ? { deleted } : {}),
        };
        return { body: renderFeed(format, site, document), modified };
      },
    });

  const latest = (a: string, b: string): string => (a > b ? a : b);
  for (const format of FEED_FORMAT_LIST) {
    resource(FEED_PATHS[format], (c) =>
      feed(c, format, {
        key: "feed",
        selfPath: FEED_PATHS[format],
        async load(view, format) {
          const stories = await store.at(servedOrdinals(view, 0, view.feedLength));
          const modified = await view.modifiedThrough(view.feedLength);
          if (format !== "atom") return { stories, modified };
          // RFC 6721 tombstones: retracted stories, newest first.
          const withdrawn = await store.at(view.retractedNewest(MAX_TOMBSTONES));
          const deleted = withdrawn.map((story) => ({ guid: story.guid, when: story.updated }));
          return { stories, deleted, modified: latest(modified, view.newestRetraction) };
        },
      }),
    );
  }

  resource("/archive/:page/:file", (c) => {
    const format = feedFormatOf(c.req.param("file") ?? "");
    const page = pageNumber(c.req.param("page"));
    if (!format || page < 1 || page > respond.view().archives) return respond.notFound(c);
    return feed(c, format, {
      key: `archive:${page}`,
      archivePage: page,
      async load(view) {
        const ordinals: number[] = [];
        for (let ordinal = page * layout.pageSize - 1; ordinal >= (page - 1) * layout.pageSize; ordinal--)
          if (view.isServed(ordinal)) ordinals.push(ordinal);
        return { stories: await store.at(ordinals), modified: await view.archiveModified(page) };
      },
    });
  });

  resource("/tags/:tag/:file", (c) => {
    const file = c.req.param("file") ?? "";
    const format = feedFormatOf(file);
    if (!format) return respond.notFound(c);
    const found = topicOf(c, respond, `/${file}`);
    if (found instanceof Promise || found instanceof Response) return found;
    const { slug, topic } = found;
    return feed(c, format, {
      key: `tag:${slug}`,
      topic: { name: topic.name, slug },
      selfPath: `${tagPath(topic.name)}/${file}`,
      async load(view) {
        const list = await view.topicList(slug);
        const ordinals = await list.servedAt(0, list.feedLength + 1);
        const stories = await store.at(ordinals.slice(0, list.feedLength));
        // Every story down to the next one the feed does not carry (the whole archive when none).
        const next = ordinals[list.feedLength] ?? 0;
        return { stories, modified: await view.newestUpdated(next, view.total - 1) };
      },
    });
  });

  resource("/tags/:tag/archive/:page/:file", async (c) => {
    const file = c.req.param("file") ?? "";
    const format = feedFormatOf(file);
    const page = pageNumber(c.req.param("page"));
    if (!format || page < 1) return respond.notFound(c);
    const found = topicOf(c, respond, `/archive/${page}/${file}`);
    if (found instanceof Promise || found instanceof Response) return found;
    const { slug, topic } = found;
    if (page > (await respond.view().topicList(slug)).archives) return respond.notFound(c);
    return feed(c, format, {
      key: `tag:${slug}:archive:${page}`,
      topic: { name: topic.name, slug },
      archivePage: page,
      async load(view) {
        const list = await view.topicList(slug);
        // Its own and older stories, and once a newer page exists, that page's (its next-archive link).
        const through = page < list.archives ? page + 1 : page;
        const lastIndex = Math.min(through * layout.pageSize, list.length) - 1;
        const [ordinals, [last]] = await Promise.all([
          list.storiesAt((page - 1) * layout.pageSize, page * layout.pageSize),
          list.storiesAt(lastIndex, lastIndex + 1),
        ]);
        return {
          stories: await store.at(ordinals.filter((ordinal) => view.isServed(ordinal)).reverse()),
          modified: await view.newestUpdated(0, last!),
        };
      },
    });
  });

  return app;
}
