// What every route module is built from: the site, the story store, the responder, the clock, and a
// way to declare a resource (GET, with HEAD and OPTIONS answered alike).

import { Hono } from "hono";
import type { Layout } from "../../core/archiveLayout";
import type { Listed, ListedEntry, Site } from "../../core/types";
import { ALLOW } from "../httpPolicy";
import type { CacheVariables } from "../responseCache";
import type { Responder, SiteContext } from "../respond";
import type { StoryStore } from "../storyStore";
import type { Visibility } from "../visibility";

/** Everything a route module needs. */
export interface RouteKit {
  readonly site: Site;
  /** The archive's file layout (its archive page size). */
  readonly layout: Layout;
  readonly store: StoryStore;
  readonly respond: Responder;
  /** The clock (epoch ms): only preview labels of drafts and scheduled stories depend on it. */
  readonly clock: () => number;
}

/** A hono app of one resource family, with `resource(path, handler)` for its GET routes. */
export function routeGroup(): {
  app: Hono<{ Variables: CacheVariables }>;
  resource: (path: string, handler: (c: SiteContext) => Promise<Response> | Response) => void;
} {
  const app = new Hono<{ Variables: CacheVariables }>();
  return {
    app,
    resource(path, handler) {
      // hono answers HEAD with the GET handler, without the body.
      app.get(path, handler);
      app.options(path, (c) => c.body(null, 204, { Allow: ALLOW }));
    },
  };
}

/** Ordinals of the served stories at places `start ...` (at most `count`), newest first. */
export function servedOrdinals(view: Visibility, start: number, count: number): number[] {
  const ordinals: number[] = [];
  if (start >= view.served) return ordinals;
  let ordinal = view.ordinalAt(start);
  while (ordinals.length < count && ordinal >= 0) {
    if (view.isServed(ordinal)) ordinals.push(ordinal);
    ordinal--;
  }
  return ordinals;
}

/**
 * What lists show of the stories with these ordinals (their index `entries`,
 * in the same order): the entries themselves, and a story read only when its
 * summary is too long for its entry.
 */
export async function listed(
  store: StoryStore,
  ordinals: readonly number[],
  entries: readonly ListedEntry[],
): Promise<readonly Listed[]> {
  const long = ordinals.filter((_, i) => entries[i]!.summary === undefined);
  if (long.length === 0) return entries as readonly Listed[];
  const ids = entries.filter((entry) => entry.summary === undefined).map((entry) => entry.id);
  const stories = new Map((await store.at(long, ids)).map((story) => [story.id, story]));
  return entries.map((entry) => (entry.summary === undefined ? stories.get(entry.id)! : (entry as Listed)));
}

/** A page number as written in a URL (no sign, no leading zero, at most 6 digits), or 0. */
export function pageNumber(raw: string | undefined): number {
  return raw !== undefined && /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : 0;
}
