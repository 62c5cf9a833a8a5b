// A story's body as feed HTML: one <p> per paragraph (plain stories) or the Markdown HTML with the
// lead figure first, every URL absolute, and the correction note last.

import { escapeXml } from "../core/escapeXml";
import type { Story } from "../core/types";

/**
 * The story's HTML for a feed item, whose page is `pageUrl` on `baseUrl`. Feed
 * readers show it away from the site, so root-relative URLs (`/media/…`, in
 * `src`, `href` and `srcset`) and fragment links (`#user-content-fn-1`) become
 * absolute (RSS validators warn on relative ones).
 */
export function storyContentHtml(
  story: Pick<Story, "paragraphs" | "correction" | "html" | "image">,
  baseUrl: string,
  pageUrl: string,
): string {
  const parts: string[] = [];
  if (story.html !== undefined) {
    if (story.image && !story.image.inBody) parts.push(story.image.figure);
    parts.push(story.html);
  } else {
    parts.push(...story.paragraphs.map((paragraph) => `<p>${escapeXml(paragraph)}</p>`));
  }
  if (story.correction) parts.push(`<p><strong>Correction:</strong> ${escapeXml(story.correction)}</p>`);
  const html = parts.join("\n");
  return story.html === undefined ? html : absoluteUrls(html, baseUrl, pageUrl);
}

/**
 * `html` (as our Markdown renderer writes it: double-quoted attributes, `&`
 * escaped) with every `href`, `src` and `srcset` URL made absolute against
 * `pageUrl`. Already absolute URLs (`https:`, `mailto:`) stay as they are.
 */
export function absoluteUrls(html: string, baseUrl: string, pageUrl: string): string {
  const absolute = (url: string): string => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
    if (url.startsWith("#")) return `${pageUrl}${url}`;
    if (url.startsWith("/")) return `${baseUrl}${url}`;
    return new URL(url, pageUrl).href;
  };
  return html.replace(/ (href|src|srcset)="([^"]*)"/g, (_, name: string, value: string) => {
    const rewritten =
      name === "srcset"
        ? value
            .split(", ")
            .map((candidate) => {
              const [url = "", ...descriptor] = candidate.split(" ");
              return [absolute(url), ...descriptor].join(" ");
            })
            .join(", ")
        : absolute(value);
    return ` ${name}="${rewritten}"`;
  });
}
