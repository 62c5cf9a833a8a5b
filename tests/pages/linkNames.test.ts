// On every page kind, links that read the same lead to the same place (WCAG 2.4.9, Lighthouse's
// identical-links-same-purpose): a search's or a topic's feeds are named apart from the site's.

import { describe, expect, it } from "vitest";
import { storyPath } from "../../src/core/storyPath";
import type { Story } from "../../src/core/types";
import { createApp } from "../../src/worker/createApp";
import { contentOf, makeSite, makeStory } from "../fixtures/stories";

/** Each link of `html`: its target and its accessible name (its text, hidden words included). */
async function linksOf(html: string): Promise<{ href: string; name: string }[]> {
  const links: { href: string; name: string }[] = [];
  await new HTMLRewriter()
    .on("a[href]", {
      element(element) {
        links.push({ href: element.getAttribute("href")!, name: "" });
      },
      text(chunk) {
        links[links.length - 1]!.name += chunk.text;
      },
    })
    .transform(new Response(html))
    .text();
  // Accessible names compare as text: white space collapsed, case ignored.
  return links.map(({ href, name }) => ({ href, name: name.replace(/\s+/g, " ").trim().toLowerCase() }));
}

/** The names that lead to more than one place, with those places. */
async function ambiguous(html: string): Promise<Record<string, string[]>> {
  const targets = new Map<string, Set<string>>();
  for (const { href, name } of await linksOf(html)) {
    if (!targets.has(name)) targets.set(name, new Set());
    targets.get(name)!.add(href);
  }
  return Object.fromEntries(
    [...targets].filter(([, hrefs]) => hrefs.size > 1).map(([name, h]) => [name, [...h]]),
  );
}

function stories(): Story[] {
  return Array.from({ length: 60 }, (_, i) =>
    makeStory(60 - i, {
      title: `Harbour story ${60 - i}`,
      paragraphs: ["Harbour news of the day."],
      summary: "Harbour news of the day.",
      tags: ["Harbour"],
    }),
  );
}

describe("link names", () => {
  it.each([
    ["home", "/"],
    ["home page 2", "/page/2"],
    ["story", storyPath(stories()[30]!)],
    ["topic", "/tags/harbour"],
    ["topic page 2", "/tags/harbour/page/2"],
    ["feeds", "/feeds"],
    ["search with results", "/search?q=harbour"],
    ["search without results", "/search?q=zyzzyva"],
    ["search form", "/search"],
    ["not found", "/nowhere"],
  ])("on the %s page, no two links with the same name lead to different places", async (_, path) => {
    const app = await createApp(contentOf(stories(), 10), makeSite());
    const res = await app.request(path);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await ambiguous(await res.text())).toEqual({});
  });
});
