// A story's addresses: its permalink page (other spellings 301 to it), its JSON item for programs,
// and 410 Gone once it is retracted.

import { storyPath } from "../../core/storyPath";
import { jsonFeedItem } from "../../feeds/jsonFeedItem";
import { renderGonePage } from "../../pages/renderGonePage";
import { renderStoryPage } from "../../pages/renderStoryPage";
import type { SiteContext } from "../respond";
import { routeGroup, type RouteKit } from "./routeKit";

/** The story routes. */
export function storyRoutes({ site, store, respond, clock }: RouteKit) {
  const { app, resource } = routeGroup();
  const { feedsLink } = respond;

  /** `/stories/<id>.json`: the story's JSON Feed item. */
  const storyJson = async (c: SiteContext, id: string): Promise<Response> => {
    // The path's shape first, the story's state after: any other path is 404 whatever the story is.
    if (c.req.path !== `/stories/${id}.json`) return respond.notFound(c);
    const found = await respond.view().find(id);
    if (!found) return respond.notFound(c);
    const { entry, ordinal } = found;
    if (!found.served) {
      return respond.serve(c, {
        key: `gone.json:${id}`,
        kind: "jsonItem",
        status: 410,
        render: () => ({
          body: `${JSON.stringify({ error: "Gone: the story was retracted", status: 410 })}\n`,
          modified: entry.updated,
        }),
      });
    }
    return respond.serve(c, {
      key: `json:${id}`,
      kind: "jsonItem",
      async render() {
        const [story] = await store.at([ordinal], [id]);
        const item = jsonFeedItem(site, story!, `${site.baseUrl}${storyPath(entry)}`);
        return { body: `${JSON.stringify(item, null, 2)}\n`, modified: entry.updated };
      },
    });
  };

  const story = async (c: SiteContext): Promise<Response> => {
    const requested = c.req.param("id") ?? "";
    if (requested.endsWith(".json")) return storyJson(c, requested.slice(0, -".json".length));
    const found = await respond.view().find(requested);
    if (!found) return respond.notFound(c);
    const { entry, ordinal } = found;
    if (!found.served) {
      return respond.serve(c, {
        key: `gone:${entry.id}`,
        kind: "html",
        status: 410,
        render: () => ({ body: renderGonePage(site, entry), modified: entry.updated }),
      });
    }
    const canonical = storyPath(entry);
    // Any other spelling of the path (old slug, no slug, trailing slash) moves to the one address.
    if (c.req.path !== canonical) return respond.redirect(c, canonical);
    return respond.serve(c, {
      key: `story:${requested}`,
      kind: "html",
      link: `<${site.baseUrl}${canonical}>; rel="canonical", ${feedsLink}`,
      async render(view) {
        const place = view.placeOf(ordinal);
        const neighbour = async (at: number) =>
          at >= 0 && at < view.served ? (await view.entries([view.ordinalAt(at)]))[0]! : null;
        const [[full], newer, older] = await Promise.all([
          store.at([ordinal], [requested]),
          neighbour(place - 1),
          neighbour(place + 1),
        ]);
        const neighbours = { newer, older };
        return {
          body: renderStoryPage(site, full!, neighbours, clock()),
          modified: await view.storyModified(place),
        };
      },
    });
  };
  resource("/stories/:id", story);
  resource("/stories/:id/*", story);

  return app;
}
