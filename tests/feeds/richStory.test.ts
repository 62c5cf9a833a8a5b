// Markdown stories in every format: the HTML with the lead photo first and every URL absolute,
// Media RSS in RSS and Atom, JSON Feed's image and plain text; plain stories unchanged.

import { parseFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import type { Story } from "../../src/core/types";
import type { FeedDocument } from "../../src/feeds/feedContext";
import { jsonFeedItem } from "../../src/feeds/jsonFeedItem";
import { renderAtom } from "../../src/feeds/renderAtom";
import { renderJsonFeed } from "../../src/feeds/renderJsonFeed";
import { renderRss } from "../../src/feeds/renderRss";
import { renderStoryPage } from "../../src/pages/renderStoryPage";
import { attributesOf, decodeEntities } from "../fixtures/htmlQuery";
import { parseXml, textOf } from "../fixtures/parseXml";
import { richStory } from "../fixtures/richStory";
import { makeSite, makeStory, NOW } from "../fixtures/stories";

const BASE = "https://news.example.org";
const PAGE = `${BASE}/stories/story1/headline-number-1`;
const current = (stories: readonly Story[]): FeedDocument => ({ stories, archivePage: null, archives: 0 });

/** Every URL in `src`, `href` and `srcset` attributes of an HTML fragment. */
function urlsOf(html: string): string[] {
  const urls: string[] = [];
  for (const [, name, value] of html.matchAll(/\s(src|href|srcset)="([^"]*)"/g)) {
    if (name === "srcset") urls.push(...value!.split(", ").map((candidate) => candidate.split(" ")[0]!));
    else urls.push(value!);
  }
  return urls;
}

describe("a Markdown story in the feeds", () => {
  it("RSS: content:encoded starts with the lead figure, every URL absolute; Media RSS declared and used", () => {
    const xml = renderRss(makeSite(), current([richStory(1)]));
    expect(xml).toContain('xmlns:media="http://search.yahoo.com/mrss/"');
    const item = parseXml(xml).rss.channel.item[0];
    const html = textOf(item["content:encoded"]);
    expect(html.startsWith("<figure><picture>")).toBe(true);
    expect(html).toContain('alt="A &#x3C;stall> &#x26; boats"');
    const urls = urlsOf(html);
    expect(urls.length).toBeGreaterThan(10);
    for (const url of urls) expect(url, url).toMatch(/^https:\/\//);
    expect(urls).toContain(`${PAGE}#user-content-fn-1`);
    expect(urls).toContain(`${BASE}/media/bbbbbbbbbbbbbbbb-960.jpg`);
    expect(urls).toContain(`${BASE}/stories/story0/headline-number-0`);
    expect(urls).toContain("https://example.org/x");
    expect(textOf(item.description)).toBe("The harbour reopened.");
    expect(item["media:content"]).toMatchObject({
      "@url": `${BASE}/media/aaaaaaaaaaaaaaaa-1600.jpg`,
      "@type": "image/jpeg",
      "@medium": "image",
      "@width": "1600",
      "@height": "1067",
    });
    expect(item["media:thumbnail"]).toMatchObject({
      "@url": `${BASE}/media/aaaaaaaaaaaaaaaa-480.jpg`,
      "@width": "480",
    });
    expect(parseFeed(xml).format).toBe("rss");
  });

  it("does not show the lead twice when the body already has it", () => {
    const story = richStory(1, { image: { ...richStory(1).image!, inBody: true } });
    const html = textOf(
      parseXml(renderRss(makeSite(), current([story]))).rss.channel.item[0]["content:encoded"],
    );
    expect(html.startsWith("<p>The harbour")).toBe(true);
  });

  it("Atom: content with absolute URLs and media:content", () => {
    const xml = renderAtom(makeSite(), current([richStory(1)]));
    expect(xml).toContain('xmlns:media="http://search.yahoo.com/mrss/"');
    const entry = parseXml(xml).feed.entry[0];
    for (const url of urlsOf(textOf(entry.content))) expect(url, url).toMatch(/^https:\/\//);
    expect(entry["media:content"]["@url"]).toBe(`${BASE}/media/aaaaaaaaaaaaaaaa-1600.jpg`);
    expect(parseFeed(xml).format).toBe("atom");
  });

  it("JSON Feed: content_html absolute, content_text readable, image the lead, summary plain", () => {
    const item = JSON.parse(renderJsonFeed(makeSite(), current([richStory(1)]))).items[0];
    for (const url of urlsOf(item.content_html)) expect(url, url).toMatch(/^https:\/\//);
    expect(item.content_text).toBe(
      "The harbour reopened[1]; see the earlier story.\n\nA <stall> & boats\n\n[1] Note.",
    );
    expect(item.image).toBe(`${BASE}/media/aaaaaaaaaaaaaaaa-1600.jpg`);
    expect(item.summary).toBe("The harbour reopened.");
    expect(jsonFeedItem(makeSite(), richStory(1), PAGE)).toEqual(item);
  });

  it("leaves plain stories as they were: no Media RSS, paragraphs escaped", () => {
    for (const xml of [
      renderRss(makeSite(), current([makeStory(1)])),
      renderAtom(makeSite(), current([makeStory(1)])),
    ]) {
      expect(xml).not.toContain("xmlns:media");
      expect(xml).not.toContain("media:content");
    }
    expect(JSON.parse(renderJsonFeed(makeSite(), current([makeStory(1)]))).items[0].image).toBeUndefined();
  });
});

describe("a Markdown story's page", () => {
  const page = () => renderStoryPage(makeSite(), richStory(1), { newer: null, older: null }, NOW);

  it("shows the lead figure first, eagerly, then the body's photos lazily", () => {
    const html = page();
    const article = html.slice(html.indexOf("<article>"), html.indexOf("</article>"));
    expect(article.indexOf("aaaaaaaaaaaaaaaa-960.jpg")).toBeLessThan(article.indexOf("<p>The harbour"));
    const images = article.match(/<img (?:[^>"]|"[^"]*")*>/g)!;
    expect(images).toHaveLength(2);
    expect(images[0]).not.toContain("loading=");
    expect(images[1]).toContain('loading="lazy"');
    for (const image of images) expect(image).toMatch(/ width="\d+" height="\d+"/);
  });

  it("offers the share card, a large Twitter card and NewsArticle's three crops", async () => {
    const html = page();
    const metas = await attributesOf(html, "meta");
    const meta = (key: string) =>
      decodeEntities(metas.find((m) => m.property === key || m.name === key)?.content ?? "");
    expect(meta("og:image")).toBe(`${BASE}/media/aaaaaaaaaaaaaaaa-card.jpg`);
    expect(meta("og:image:width")).toBe("1200");
    expect(meta("og:image:height")).toBe("630");
    expect(meta("og:image:alt")).toBe("Boats & the <harbour> wall");
    expect(meta("twitter:card")).toBe("summary_large_image");
    const ld = JSON.parse(html.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/)![1]!);
    expect(ld.image).toEqual(
      [
        ["16x9", 1200, 675],
        ["4x3", 1200, 900],
        ["1x1", 1200, 1200],
      ].map(([crop, width, height]) => ({
        "@type": "ImageObject",
        url: `${BASE}/media/aaaaaaaaaaaaaaaa-${crop}.jpg`,
        width,
        height,
      })),
    );
  });

  it("keeps a plain story's card small and its JSON-LD without an image", () => {
    const html = renderStoryPage(makeSite(), makeStory(1), { newer: null, older: null }, NOW);
    expect(html).toContain('<meta name="twitter:card" content="summary">');
    expect(html).not.toContain("og:image");
  });
});
