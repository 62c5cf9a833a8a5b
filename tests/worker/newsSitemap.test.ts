// The Google News sitemap: the last two days only, by the clock, and ETags that move only when it changes.

import { describe, expect, it } from "vitest";
import { newsLanguage } from "../../src/pages/renderNewsSitemap";
import { createApp } from "../../src/worker/createApp";
import { parseXml, textOf } from "../fixtures/parseXml";
import { contentOf, makeSite, makeStory } from "../fixtures/stories";

const AT = Date.parse("2026-06-10T12:00:00Z");
const HOUR = 3600 * 1000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, "Z");

async function appAt(clock: { now: number }) {
  const stories = [
    makeStory(3, { published: iso(AT - HOUR), updated: iso(AT - HOUR), title: "Fresh & <new>" }),
    makeStory(2, { published: iso(AT - 24 * HOUR), updated: iso(AT - 24 * HOUR) }),
    makeStory(1, { published: iso(AT - 72 * HOUR), updated: iso(AT - 72 * HOUR) }),
  ];
  return createApp(contentOf(stories), makeSite({ language: "en-GB" }), { now: () => clock.now });
}

const listed = async (res: Response) => {
  const set = parseXml(await res.text()).urlset;
  return [set.url ?? []].flat().map((u: any) => textOf(u["news:news"]["news:title"]));
};

describe("news sitemap", () => {
  it("lists the stories of the last two days with publication, language, date and title", async () => {
    const res = await (await appAt({ now: AT })).request("/news-sitemap.xml");
    expect(res.headers.get("Content-Type")).toBe("application/xml; charset=utf-8");
    const set = parseXml(await res.text()).urlset;
    expect(set["@xmlns:news"]).toBe("http://www.google.com/schemas/sitemap-news/0.9");
    const first = [set.url].flat()[0];
    expect(textOf(first.loc)).toBe("https://news.example.org/stories/story3/headline-number-3");
    expect(textOf(first["news:news"]["news:publication"]["news:name"])).toBe("Test & <Times>");
    expect(textOf(first["news:news"]["news:publication"]["news:language"])).toBe("en");
    expect(textOf(first["news:news"]["news:publication_date"])).toBe("2026-06-10T11:00:00Z");
    expect([set.url].flat().map((u: any) => textOf(u["news:news"]["news:title"]))).toEqual([
      "Fresh & <new>",
      "Headline number 2",
    ]);
  });

  it("drops a story the moment it turns two days old, changing only the news sitemap's ETag", async () => {
    const clock = { now: AT };
    const app = await appAt(clock);
    const news = (await app.request("/news-sitemap.xml")).headers.get("ETag");
    const feed = (await app.request("/feed.xml")).headers.get("ETag");
    clock.now = AT + 24 * HOUR - 1;
    expect(await listed(await app.request("/news-sitemap.xml"))).toHaveLength(2);
    clock.now = AT + 24 * HOUR;
    expect(await listed(await app.request("/news-sitemap.xml"))).toEqual(["Fresh & <new>"]);
    expect((await app.request("/news-sitemap.xml")).headers.get("ETag")).not.toBe(news);
    expect((await app.request("/feed.xml")).headers.get("ETag")).toBe(feed);
  });

  it("uses Google's language codes", () => {
    expect(["en-GB", "pt-BR", "zh-TW", "zh-Hant-HK", "zh", "de"].map(newsLanguage)).toEqual([
      "en",
      "pt",
      "zh-tw",
      "zh-tw",
      "zh-cn",
      "de",
    ]);
  });
});
