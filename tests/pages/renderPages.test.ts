import { describe, expect, it } from "vitest";
import { renderHomePage } from "../../src/pages/renderHomePage";
import { renderNotFoundPage } from "../../src/pages/renderNotFoundPage";
import { renderStoryPage } from "../../src/pages/renderStoryPage";
import { attributesOf, decodeEntities, textsOf } from "../fixtures/htmlQuery";
import { makeSite, makeStories, makeStory, TRICKY } from "../fixtures/stories";

const FEEDS = [
  { type: "application/rss+xml", href: "https://news.example.org/feed.xml" },
  { type: "application/atom+xml", href: "https://news.example.org/atom.xml" },
  { type: "application/feed+json", href: "https://news.example.org/feed.json" },
];

async function expectAutodiscovery(html: string): Promise<void> {
  const links = await attributesOf(html, 'link[rel="alternate"]');
  expect(links.map(({ type, href }) => ({ type, href }))).toEqual(FEEDS);
}

describe("story page", () => {
  it("shows headline, byline, date and paragraphs, escaped and exact", async () => {
    const story = makeStory(3, { ...TRICKY, author: "Ana <b>" });
    const html = renderStoryPage(makeSite(), story, { newer: null, older: null });
    expect((await textsOf(html, "h1")).map(decodeEntities)).toEqual([TRICKY.title]);
    expect((await textsOf(html, "article > p")).map(decodeEntities)).toEqual(TRICKY.paragraphs);
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<b>");
    expect(await attributesOf(html, "article time")).toEqual([
      { datetime: "2026-01-04T08:00:00Z" },
      { datetime: "2026-01-04T09:30:00Z" },
    ]);
    expect(decodeEntities((await textsOf(html, ".meta"))[0]!)).toContain("By Ana <b> · 4 January 2026");
  });

  it("has lang, canonical link, description, feed autodiscovery and no external resource", async () => {
    const story = makeStory(3);
    const html = renderStoryPage(makeSite(), story, { newer: null, older: null });
    expect(await attributesOf(html, "html")).toEqual([{ lang: "en-GB" }]);
    expect(await attributesOf(html, 'link[rel="canonical"]')).toEqual([
      { rel: "canonical", href: "https://news.example.org/stories/story3/headline-number-3" },
    ]);
    expect(await attributesOf(html, 'meta[name="description"]')).toEqual([
      { name: "description", content: story.summary },
    ]);
    expect(await attributesOf(html, 'meta[name="viewport"]')).toHaveLength(1);
    await expectAutodiscovery(html);
    expect(await attributesOf(html, "script, img[src^=http], link[rel=stylesheet]")).toEqual([]);
  });

  it("links to the neighbouring stories and home", async () => {
    const html = renderStoryPage(makeSite(), makeStory(2), { newer: makeStory(3), older: makeStory(1) });
    const links = await attributesOf(html, "nav a");
    expect(links.map((a) => a.href)).toEqual([
      "/",
      "/stories/story1/headline-number-1",
      "/stories/story3/headline-number-3",
    ]);
  });
});

describe("home page", () => {
  it("lists every story newest first, linking each permalink, with autodiscovery", async () => {
    const html = renderHomePage(makeSite(), { stories: makeStories(3), page: 1, pages: 1 });
    expect((await attributesOf(html, ".stories h2 a")).map((a) => a.href)).toEqual([
      "/stories/story2/headline-number-2",
      "/stories/story1/headline-number-1",
      "/stories/story0/headline-number-0",
    ]);
    expect(await attributesOf(html, ".stories time")).toHaveLength(3);
    expect((await attributesOf(html, "footer a")).map((a) => a.href)).toEqual([
      "/feed.xml",
      "/atom.xml",
      "/feed.json",
    ]);
    await expectAutodiscovery(html);
    expect((await textsOf(html, "title")).map(decodeEntities)).toEqual(["Test & <Times>"]);
  });
});

describe("404 page", () => {
  it("helps: a way home and the feeds, no canonical link", async () => {
    const html = renderNotFoundPage(makeSite());
    expect(await textsOf(html, "h1")).toEqual(["Page not found"]);
    expect((await attributesOf(html, "main a")).map((a) => a.href)).toEqual(["/"]);
    expect(await attributesOf(html, 'link[rel="canonical"]')).toEqual([]);
    await expectAutodiscovery(html);
  });
});
