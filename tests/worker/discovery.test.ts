import { describe, expect, it } from "vitest";
import { createApp } from "../../src/worker/createApp";
import { attributesOf } from "../fixtures/htmlQuery";
import { parseXml, textOf } from "../fixtures/parseXml";
import { contentOf, makeSite, makeStories, makeStory } from "../fixtures/stories";

async function app() {
  const stories = [
    makeStory(3, { draft: true }),
    ...makeStories(3, (n) => (n === 1 ? { tags: ["World"] } : {})),
  ];
  return createApp(contentOf(stories), makeSite());
}

describe("discovery resources", () => {
  it("robots.txt allows everything and points at both sitemaps", async () => {
    const res = await (await app()).request("/robots.txt");
    expect(res.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(await res.text()).toBe(
      "User-agent: *\nAllow: /\n\nSitemap: https://news.example.org/sitemap.xml\nSitemap: https://news.example.org/news-sitemap.xml\n",
    );
  });

  it("sitemap.xml is a sitemap index of the home page's sitemap and the stories', dated by the stories", async () => {
    const served = await app();
    const res = await served.request("/sitemap.xml");
    expect(res.headers.get("Content-Type")).toBe("application/xml; charset=utf-8");
    expect(res.headers.get("ETag")).toMatch(/^"/);
    const index = parseXml(await res.text()).sitemapindex;
    expect(index["@xmlns"]).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
    const sitemaps = [index.sitemap].flat().map((u: any) => [textOf(u.loc), textOf(u.lastmod)]);
    expect(sitemaps).toEqual([
      ["https://news.example.org/sitemaps/home.xml", "2026-01-03T09:30:00Z"],
      ["https://news.example.org/sitemaps/1.xml", "2026-01-03T09:30:00Z"],
    ]);
    const urlsOf = async (path: string) => {
      const set = parseXml(await (await served.request(path)).text()).urlset;
      expect(set["@xmlns"]).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
      return [set.url].flat().map((u: any) => [textOf(u.loc), textOf(u.lastmod)]);
    };
    expect(await urlsOf("/sitemaps/home.xml")).toEqual([
      ["https://news.example.org/", "2026-01-03T09:30:00Z"],
    ]);
    expect(await urlsOf("/sitemaps/1.xml")).toEqual([
      ["https://news.example.org/stories/story0/headline-number-0", "2026-01-01T09:30:00Z"],
      ["https://news.example.org/stories/story1/headline-number-1", "2026-01-02T09:30:00Z"],
      ["https://news.example.org/stories/story2/headline-number-2", "2026-01-03T09:30:00Z"],
    ]);
    for (const path of [
      "/sitemaps/2.xml",
      "/sitemaps/0.xml",
      "/sitemaps/01.xml",
      "/sitemaps/1",
      "/sitemaps/x.xml",
    ])
      expect((await served.request(path)).status, path).toBe(404);
  });

  it("feeds.opml lists the three feeds, then each topic's feed", async () => {
    const res = await (await app()).request("/feeds.opml");
    expect(res.headers.get("Content-Type")).toBe("text/x-opml; charset=utf-8");
    const opml = parseXml(await res.text()).opml;
    expect(opml["@version"]).toBe("2.0");
    expect(textOf(opml.head.title)).toBe("Test & <Times>");
    expect(opml.body.outline.map((o: any) => [o["@type"], o["@xmlUrl"]])).toEqual([
      ["rss", "https://news.example.org/feed.xml"],
      ["rss", "https://news.example.org/atom.xml"],
      ["rss", "https://news.example.org/feed.json"],
      [undefined, undefined],
    ]);
    expect(opml.body.outline[3].outline["@xmlUrl"]).toBe("https://news.example.org/tags/world/feed.xml");
  });

  it("the feeds page explains each feed with its address ready to copy", async () => {
    const res = await (await app()).request("/feeds");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect((await attributesOf(html, "input[readonly]")).map((i) => i.value)).toEqual([
      "https://news.example.org/feed.xml",
      "https://news.example.org/atom.xml",
      "https://news.example.org/feed.json",
    ]);
    expect((await attributesOf(html, "main a")).map((a) => a.href)).toContain("/feeds.opml");
  });

  it("serves each story's JSON Feed item at /stories/<id>.json, the same as in the feed", async () => {
    const instance = await app();
    const res = await instance.request("/stories/story1.json");
    expect(res.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    const item = await res.json();
    const feed = await (await instance.request("/feed.json")).json<any>();
    expect(item).toEqual(feed.items.find((i: any) => i.id === (item as any).id));
    expect((await instance.request("/stories/story3.json")).status).toBe(404); // a draft
    expect((await instance.request("/stories/nope.json")).status).toBe(404);
  });
});
