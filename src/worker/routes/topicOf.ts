// Resolves `/tags/<tag>...` to a served topic, or to the answer instead (404, or 301 to its one spelling).

import { tagPath, tagSlug } from "../../core/tagSlug";
import type { Responder, SiteContext } from "../respond";
import type { Topic } from "../visibility";

/**
 * The topic `c`'s `tag` parameter names, with its slug; or the response to send
 * instead: 404 when no served story has the tag, 301 when the path does not
 * spell it canonically (`rest` is the part of the path after the tag).
 */
export function topicOf(
  c: SiteContext,
  respond: Responder,
  rest: string,
): { slug: string; topic: Topic } | Promise<Response> | Response {
  const requested = c.req.param("tag") ?? "";
  const slug = tagSlug(requested);
  const topic = respond.view().topics.get(slug);
  if (!topic) return respond.notFound(c);
  if (requested !== slug) return respond.redirect(c, `${tagPath(topic.name)}${rest}`);
  return { slug, topic };
}
