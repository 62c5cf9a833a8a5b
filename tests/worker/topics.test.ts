// Topic pages and feeds: stable case-folded slugs, only the tagged stories, autodiscovery of the topic's feeds.

import { describe, expect, it } from "vitest";
import { tagSlug } from "../../src/core/tagSlug";
import { createApp } from "../../src/worker/createApp";
import { attributesOf, decodeEntities } from "../fixtures/htmlQuery";
import { parseXml, textOf } from "../fixtures/parseXml";
import { contentOf, makeSite, makeStories, makeStory } from "../fixtures/stories";

async function app() {
  const stories = [
    makeStory(5, { tags: ["Asia & Pacific", "Trade"] }),
    makeStory(4, { tags: ["asia-pacific"] }),
    makeStory(3, { tags: ["Économie"], draft: true }),
    makeStory(2, { tags: ["Économie"] }),
    ...makeStories(2),
  ];
  return createApp(contentOf(stories), makeSite());
}

describe("tagSlug", () => {
  it("case-folds and joins words of any script", () => {
    expect(tagSlug("Asia & Pacific")).toBe("asia-pacific");
    expect(tagSlug("ASIA/PACIFIC")).toBe("asia-pacific");
    expect(tagSlug("Économie")).toBe("économie");
    expect(tagSlug("東京")).toBe("東京");
    expect(tagSlug("!!!")).toBe("tag");
  });
});

describe("topic pages and feeds", () => {
  it("lists the tagged stories, spellings merged, and advertises the topic's feeds", async () => {
    const res = await (await app()).request("/tags/asia-pacific");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect((await attributesOf(html, ".stories h2 a")).map((a) => a.href)).toEqual([
      "/stories/story5/headline-number-5",
      "/stories/story4/headline-number-4",
    ]);
    const feeds = await attributesOf(html, 'link[rel="alternate"]');
    expect(feeds.map((l) => [l.type, l.href, decodeEntities(l.title!)])).toEqual([
      [
        "application/rss+xml",
        "https://news.example.org/tags/asia-pacific/feed.xml",
        "Test & <Times>: Asia & Pacific (RSS)",
      ],
      [
        "application/atom+xml",
        "https://news.example.org/tags/asia-pacific/atom.xml",
        "Test & <Times>: Asia & Pacific (Atom)",
      ],
      [
        "application/feed+json",
        "https://news.example.org/tags/asia-pacific/feed.json",
        "Test & <Times>: Asia & Pacific (JSON Feed)",
      ],
    ]);
  });

  it("serves RSS, Atom and JSON Feed per topic with only its served stories and its own self link", async () => {
    const instance = await app();
    const rss = parseXml(await (await instance.request("/tags/%C3%A9conomie/feed.xml")).text()).rss.channel;
    expect(rss.item.map((i: any) => textOf(i.title))).toEqual(["Headline number 2"]);
    expect(rss["atom:link"]["@href"]).toBe("https://news.example.org/tags/%C3%A9conomie/feed.xml");
    expect(textOf(rss.title)).toBe("Test & <Times>: Économie");
    const atom = parseXml(await (await instance.request("/tags/asia-pacific/atom.xml")).text()).feed;
    expect(textOf(atom.id)).toBe("https://news.example.org/tags/asia-pacific");
    expect(atom.entry).toHaveLength(2);
    const json = await (await instance.request("/tags/trade/feed.json")).json<any>();
    expect(json.feed_url).toBe("https://news.example.org/tags/trade/feed.json");
    expect(json.home_page_url).toBe("https://news.example.org/tags/trade");
    expect(json.items.map((i: any) => i.title)).toEqual(["Headline number 5"]);
  });

  it("redirects other spellings to the canonical slug and answers 404 for unknown topics", async () => {
    const instance = await app();
    const moved = await instance.request("/tags/Asia-Pacific/atom.xml");
    expect(moved.status).toBe(301);
    expect(moved.headers.get("Location")).toBe("/tags/asia-pacific/atom.xml");
    expect((await instance.request("/tags/nothing")).status).toBe(404);
    expect((await instance.request("/tags/trade/other.xml")).status).toBe(404);
  });

  it("links a story's topics from its page", async () => {
    const html = await (await (await app()).request("/stories/story5/headline-number-5")).text();
    expect((await attributesOf(html, "article footer a")).map((a) => a.href)).toEqual([
      "/tags/asia-pacific",
      "/tags/trade",
    ]);
  });
});
