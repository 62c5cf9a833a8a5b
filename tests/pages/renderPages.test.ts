import { describe, expect, it } from "vitest";
import { renderHomePage } from "../../src/pages/renderHomePage";
import { renderNotFoundPage } from "../../src/pages/renderNotFoundPage";
import { renderStoryPage } from "../../src/pages/renderStoryPage";
import { attributesOf, decodeEntities, textsOf } from "../fixtures/htmlQuery";
import { NOW, makeSite, makeStories, makeStory, TRICKY } from "../fixtures/stories";

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
    const html = renderStoryPage(makeSite(), story, { newer: null, older: null }, NOW);
    expect((await textsOf(html, "h1")).map(decodeEntities)).toEqual([TRICKY.title]);
    expect((await textsOf(html, "article > p")).map(decodeEntities)).toEqual(TRICKY.paragraphs);
    expect(html.match(/<script/g)).toEqual(["<script"]);
    expect(html).not.toContain("<b>");
    expect(await attributesOf(html, "article time")).toEqual([
      { datetime: "2026-01-04T08:00:00Z" },
      { datetime: "2026-01-04T09:30:00Z" },
    ]);
    expect(decodeEntities((await textsOf(html, ".meta"))[0]!)).toContain("By Ana <b> · 4 January 2026");
  });

  it("has lang, canonical link, description, feed autodiscovery and no external resource", async () => {
    const story = makeStory(3);
    const html = renderStoryPage(makeSite(), story, { newer: null, older: null }, NOW);
    expect(await attributesOf(html, "html")).toEqual([{ lang: "en-GB" }]);
    expect(await attributesOf(html, 'link[rel="canonical"]')).toEqual([
      { rel: "canonical", href: "https://news.example.org/stories/story3/headline-number-3" },
    ]);
    expect(await attributesOf(html, 'meta[name="description"]')).toEqual([
      { name: "description", content: story.summary },
    ]);
    expect(await attributesOf(html, 'meta[name="viewport"]')).toHaveLength(1);
    await expectAutodiscovery(html);
    expect(
      await attributesOf(
        html,
        'script:not([type="application/ld+json"]), img[src^=http], link[rel=stylesheet]',
      ),
    ).toEqual([]);
  });

  it("links to the neighbouring stories and home", async () => {
    const html = renderStoryPage(makeSite(), makeStory(2), { newer: makeStory(3), older: makeStory(1) }, NOW);
    const links = await attributesOf(html, "nav a");
    expect(links.map((a) => a.href)).toEqual([
      "/",
      "/stories/story1/headline-number-1",
      "/stories/story3/headline-number-3",
    ]);
  });
});

describe("share and search metadata", () => {
  it("has OpenGraph, Twitter card and NewsArticle JSON-LD that no story text can break", async () => {
    const story = makeStory(3, {
      ...TRICKY,
      title: "Close </script><script>alert(1)</script> <!-- & ]]>",
      tags: ["Asia"],
    });
    const html = renderStoryPage(makeSite(), story, { newer: null, older: null }, NOW);
    const meta = Object.fromEntries(
      (await attributesOf(html, "meta[property], meta[name^=twitter]")).map((m) => [
        m.property ?? m.name,
        decodeEntities(m.content!),
      ]),
    );
    expect(meta).toMatchObject({
      "og:type": "article",
      "og:title": story.title,
      "og:description": story.summary,
      "og:url": "https://news.example.org/stories/story3/headline-number-3",
      "og:site_name": "Test & <Times>",
      "og:locale": "en_GB",
      "article:published_time": "2026-01-04T08:00:00Z",
      "article:modified_time": "2026-01-04T09:30:00Z",
      "article:tag": "Asia",
      "twitter:card": "summary",
      "twitter:title": story.title,
    });
    const scripts = await textsOf(html, 'script[type="application/ld+json"]');
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).not.toMatch(/[<>&]/);
    expect(JSON.parse(scripts[0]!)).toEqual({
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      headline: story.title,
      description: story.summary,
      datePublished: "2026-01-04T08:00:00Z",
      dateModified: "2026-01-04T09:30:00Z",
      inLanguage: "en-GB",
      author: { "@type": "Person", name: "Desk O'Brien" },
      publisher: { "@type": "Organization", name: "Test & <Times>", url: "https://news.example.org/" },
      mainEntityOfPage: {
        "@type": "WebPage",
        "@id": "https://news.example.org/stories/story3/headline-number-3",
      },
      url: "https://news.example.org/stories/story3/headline-number-3",
      keywords: "Asia",
    });
  });

  it("links older and newer home pages in the head", async () => {
    const html = renderHomePage(makeSite(), { stories: makeStories(3), page: 2, pages: 3, now: NOW });
    expect(await attributesOf(html, 'link[rel="prev"], link[rel="next"]')).toEqual([
      { rel: "prev", href: "https://news.example.org/" },
      { rel: "next", href: "https://news.example.org/page/3" },
    ]);
  });

  it("keeps the seed story's permalink page under 20 KB", () => {
    const story = makeStory(1, {
      title: "Trump Calls for Meeting with North Korean Leader During Asia Tour",
      paragraphs: Array.from({ length: 5 }, () => "x".repeat(420)),
    });
    const html = renderStoryPage(makeSite(), story, { newer: makeStory(2), older: makeStory(0) }, NOW);
    expect(new TextEncoder().encode(html).byteLength).toBeLessThan(20_000);
  });
});

describe("home page", () => {
  it("lists every story newest first, linking each permalink, with autodiscovery", async () => {
    const html = renderHomePage(makeSite(), { stories: makeStories(3), page: 1, pages: 1, now: NOW });
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
