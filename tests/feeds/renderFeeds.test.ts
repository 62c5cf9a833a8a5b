import { parseFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import { renderAtom } from "../../src/feeds/renderAtom";
import { renderJsonFeed } from "../../src/feeds/renderJsonFeed";
import { renderRss } from "../../src/feeds/renderRss";
import type { FeedDocument } from "../../src/feeds/feedContext";
import type { Story } from "../../src/core/types";
import { makeSite, makeStory, TRICKY } from "../fixtures/stories";

/** The subscription feed of `stories`, with no archives. */
function current(stories: readonly Story[]): FeedDocument {
  return { stories, archivePage: null, archives: 0 };
}
import { paragraphsOf, parseXml, textOf } from "../fixtures/parseXml";

const RFC822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

function trickyStories() {
  return [
    makeStory(2, { ...TRICKY, author: "Ana <ana@example.org> & co" }),
    makeStory(1, { tags: ["World", "Asia & Pacific"] }),
  ];
}

describe("RSS 2.0", () => {
  it("gives every headline, summary and paragraph back exactly", () => {
    const stories = trickyStories();
    const rss = parseXml(renderRss(makeSite(), current(stories))).rss;
    expect(rss["@version"]).toBe("2.0");
    const items = rss.channel.item;
    expect(items).toHaveLength(2);
    stories.forEach((story, i) => {
      expect(textOf(items[i].title)).toBe(story.title);
      // description is HTML by RSS convention: the summary, escaped once more.
      expect(paragraphsOf(`<p>${textOf(items[i].description)}</p>`)).toEqual([story.summary]);
      expect(paragraphsOf(textOf(items[i]["content:encoded"]))).toEqual(story.paragraphs);
      expect(textOf(items[i]["dc:creator"])).toBe(story.author ?? "Desk O'Brien");
    });
  });

  it("carries channel metadata, self link, GUIDs and dates from the stories", () => {
    const site = makeSite();
    const channel = parseXml(renderRss(site, current(trickyStories()))).rss.channel;
    expect(textOf(channel.title)).toBe(site.title);
    expect(textOf(channel.description)).toBe(site.description);
    expect(textOf(channel.language)).toBe("en-GB");
    expect(channel["atom:link"]).toMatchObject({
      "@href": "https://news.example.org/feed.xml",
      "@rel": "self",
      "@type": "application/rss+xml",
    });
    expect(textOf(channel.lastBuildDate)).toBe("Sat, 03 Jan 2026 09:30:00 GMT");
    const [first] = channel.item;
    expect(first.guid).toEqual({
      "#text": "urn:uuid:00000000-0000-5000-8000-000000000002",
      "@isPermaLink": "false",
    });
    expect(textOf(first.link[0])).toBe("https://news.example.org/stories/story2/headline-number-2");
    expect(textOf(first.pubDate)).toMatch(RFC822);
    expect(textOf(first.pubDate)).toBe("Sat, 03 Jan 2026 08:00:00 GMT");
    expect(channel.item[1].category.map(textOf)).toEqual(["World", "Asia & Pacific"]);
    // An RSS <author> must be an e-mail address; we never emit one.
    expect(first.author).toBeUndefined();
  });

  it("is read by feedsmith as RSS with the same items", () => {
    const parsed = parseFeed(renderRss(makeSite(), current(trickyStories())));
    expect(parsed.format).toBe("rss");
    if (parsed.format !== "rss") return;
    expect(parsed.feed.items?.map((item: any) => item.guid?.value)).toEqual([
      "urn:uuid:00000000-0000-5000-8000-000000000002",
      "urn:uuid:00000000-0000-5000-8000-000000000001",
    ]);
  });
});

describe("Atom 1.0", () => {
  it("gives every headline, summary and paragraph back exactly, as text", () => {
    const stories = trickyStories();
    const feed = parseXml(renderAtom(makeSite(), current(stories))).feed;
    expect(feed["@xmlns"]).toBe("http://www.w3.org/2005/Atom");
    stories.forEach((story, i) => {
      const entry = feed.entry[i];
      expect(entry.title["@type"]).toBe("text");
      expect(textOf(entry.title)).toBe(story.title);
      expect(textOf(entry.summary)).toBe(story.summary);
      expect(entry.content["@type"]).toBe("html");
      expect(paragraphsOf(textOf(entry.content))).toEqual(story.paragraphs);
      expect(textOf(entry.author.name)).toBe(story.author ?? "Desk O'Brien");
    });
  });

  it("has id, self and alternate links, language, updated from the newest story", () => {
    const site = makeSite();
    const feed = parseXml(renderAtom(site, current(trickyStories()))).feed;
    expect(textOf(feed.id)).toBe(site.feedId);
    expect(feed["@xml:lang"]).toBe("en-GB");
    expect(textOf(feed.updated)).toBe("2026-01-03T09:30:00Z");
    expect(feed.link).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ "@rel": "self", "@href": "https://news.example.org/atom.xml" }),
        expect.objectContaining({ "@rel": "alternate", "@href": "https://news.example.org/" }),
      ]),
    );
    const entry = feed.entry[0];
    expect(textOf(entry.id)).toBe("urn:uuid:00000000-0000-5000-8000-000000000002");
    expect(textOf(entry.published)).toBe("2026-01-03T08:00:00Z");
    expect(textOf(entry.updated)).toBe("2026-01-03T09:30:00Z");
    expect(feed.entry[1].category.map((c: any) => c["@term"])).toEqual(["World", "Asia & Pacific"]);
  });

  it("is read by feedsmith as Atom", () => {
    const parsed = parseFeed(renderAtom(makeSite(), current(trickyStories())));
    expect(parsed.format).toBe("atom");
    if (parsed.format !== "atom") return;
    expect(parsed.feed.entries?.[0]?.title).toEqual({ type: "text", value: TRICKY.title });
  });
});

describe("JSON Feed 1.1", () => {
  it("has the 1.1 fields and gives the text back exactly", () => {
    const site = makeSite();
    const stories = trickyStories();
    const feed = JSON.parse(renderJsonFeed(site, current(stories)));
    expect(feed).toMatchObject({
      version: "https://jsonfeed.org/version/1.1",
      title: site.title,
      home_page_url: "https://news.example.org/",
      feed_url: "https://news.example.org/feed.json",
      language: "en-GB",
      authors: [{ name: "Desk O'Brien" }],
    });
    expect(feed.author).toBeUndefined();
    feed.items.forEach((item: any, i: number) => {
      const story = stories[i]!;
      expect(item).toMatchObject({
        id: story.guid,
        url: `https://news.example.org/stories/${story.id}/${story.slug}`,
        title: story.title,
        summary: story.summary,
        date_published: story.published,
        date_modified: story.updated,
        authors: [{ name: story.author ?? "Desk O'Brien" }],
      });
      expect(paragraphsOf(item.content_html)).toEqual(story.paragraphs);
      expect(item.content_text).toBe(story.paragraphs.join("\n\n"));
    });
    expect(feed.items[1].tags).toEqual(["World", "Asia & Pacific"]);
    expect(feed.items[0].tags).toBeUndefined();
  });

  it("is read by feedsmith as JSON Feed", () => {
    const parsed = parseFeed(renderJsonFeed(makeSite(), current(trickyStories())));
    expect(parsed.format).toBe("json");
  });
});

describe("all three formats", () => {
  it("use one GUID per story, independent of title, slug and base URL", () => {
    const story = makeStory(7);
    const moved = makeStory(7, { title: "Retitled", slug: "retitled" });
    const site = makeSite();
    const elsewhere = makeSite({ baseUrl: "https://other.example.net" });
    const guids = [
      textOf(parseXml(renderRss(site, current([story]))).rss.channel.item[0].guid),
      textOf(parseXml(renderRss(elsewhere, current([moved]))).rss.channel.item[0].guid),
      textOf(parseXml(renderAtom(site, current([story]))).feed.entry[0].id),
      textOf(parseXml(renderAtom(elsewhere, current([moved]))).feed.entry[0].id),
      JSON.parse(renderJsonFeed(site, current([story]))).items[0].id,
      JSON.parse(renderJsonFeed(elsewhere, current([moved]))).items[0].id,
    ];
    expect(new Set(guids)).toEqual(new Set([story.guid]));
  });
});
