// A story's addresses: its permalink page (other spellings 301 to it), its JSON item for programs,
// and 410 Gone once it is retracted.

import { storyPath } from "../../core/storyPath";
import { jsonFeedItem } from "../../feeds/jsonFeedItem";
import { renderGonePage } from "../../pages/renderGonePage";
import { renderStoryPage } from "../../pages/renderStoryPage";
import type { SiteContext } from "../respond";
import { routeGroup, type RouteKit } from "./routeKit";

/** The story routes. */
export function storyRoutes({ site, index, store, respond, clock }: RouteKit) {
  const { app, resource } = routeGroup();
  const { feedsLink } = respond;

  /** `/stories/<id>.json`: the story's JSON Feed item. */
  const storyJson = (c: SiteContext, id: string): Promise<Response> | Response => {
    const { byId, retracted } = respond.view();
    if (retracted.has(id)) return c.json({ error: "Gone: the story was retracted", status: 410 }, 410);
    if (!byId.has(id) || c.req.path !== `/stories/${id}.json`) return respond.notFound(c);
    return respond.serve(c, {
      key: `json:${id}`,
      kind: "jsonItem",
      async render(view) {
        const place = view.byId.get(id)!;
        const entry = view.entries[place]!;
        const [story] = await store.at([view.positions[place]!]);
        const item = jsonFeedItem(site, story!, `${site.baseUrl}${storyPath(entry)}`);
        return { body: `${JSON.stringify(item, null, 2)}\n`, modified: entry.updated };
      },
    });
  };

  const story = (c: SiteContext): Promise<Response> | Response => {
    const requested = c.req.param("id") ?? "";
    if (requested.endsWith(".json")) return storyJson(c, requested.slice(0, -".json".length));
    const { entries, byId, retracted } = respond.view();
    const withdrawn = retracted.get(requested);
    if (withdrawn !== undefined) {
      const entry = index[withdrawn]!;
      return respond.serve(c, {
        key: `gone:${entry.id}`,
        kind: "html",
        status: 410,
        render: () => ({ body: renderGonePage(site, entry), modified: entry.updated }),
      });
    }
    const place = byId.get(requested);
    if (place === undefined) return respond.notFound(c);
    const canonical = storyPath(entries[place]!);
    // Any other spelling of the path (old slug, no slug, trailing slash) moves to the one address.
    if (c.req.path !== canonical) return respond.redirect(c, canonical);
    return respond.serve(c, {
      key: `story:${requested}`,
      kind: "html",
      link: `<${site.baseUrl}${canonical}>; rel="canonical", ${feedsLink}`,
      async render(view) {
        const at = view.byId.get(requested)!;
        const [full] = await store.at([view.positions[at]!]);
        const neighbours = { newer: view.entries[at - 1] ?? null, older: view.entries[at + 1] ?? null };
        return { body: renderStoryPage(site, full!, neighbours, clock()), modified: view.storyModified(at) };
      },
    });
  };
  resource("/stories/:id", story);
  resource("/stories/:id/*", story);

  return app;
}
