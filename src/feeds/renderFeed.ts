// One feed document in any of the three formats: the renderer of each, chosen in one place.

import type { FeedFormat } from "../core/feedFormats";
import type { Site } from "../core/types";
import type { FeedDocument } from "./feedContext";
import { renderAtom } from "./renderAtom";
import { renderJsonFeed } from "./renderJsonFeed";
import { renderRss } from "./renderRss";

const RENDERERS: Record<FeedFormat, (site: Site, document: FeedDocument) => string> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
};

/** `document` on `site` as RSS 2.0, Atom 1.0 or JSON Feed 1.1. */
export function renderFeed(format: FeedFormat, site: Site, document: FeedDocument): string {
  return RENDERERS[format](site, document);
}
