// Corrections and retractions: a correction shows everywhere; a retraction answers 410, leaves every
// list and feed, and is announced in Atom as an RFC 6721 tombstone.

import { describe, expect, it } from "vitest";
import { createApp } from "../../src/worker/createApp";
import { attributesOf, textsOf } from "../fixtures/htmlQuery";
import { paragraphsOf, parseXml, textOf } from "../fixtures/parseXml";
import { contentOf, makeSite, makeStories, makeStory } from "../fixtures/stories";

const TOMBSTONES = "http://purl.org/atompub/tombstones/1.0";

async function app() {
  const stories = [
    makeStory(4, { retracted: true, updated: "2026-02-01T10:00:00Z" }),
    makeStory(3, {
      correction: "An earlier version misstated the <vote> count & date.",
      updated: "2026-01-20T12:00:00Z",
    }),
    ...makeStories(3),
  ];
  return createApp(contentOf(stories), makeSite());
}

describe("retractions", () => {
  it("answer 410 Gone with a short page, at every spelling of the address", async () => {
    const instance = await app();
    for (const path of ["/stories/story4/headline-number-4", "/stories/story4", "/stories/story4/other"]) {
      const res = await instance.request(path);
      expect(res.status, path).toBe(410);
      const html = await res.text();
      expect(await textsOf(html, "h1")).toEqual(["Story retracted"]);
      expect(html).toContain("Headline number 4");
    }
    expect((await instance.request("/stories/story4.json")).status).toBe(410);
  });

  it("leave the feeds, the home page and the sitemap", async () => {
    const instance = await app();
    for (const path of ["/", "/feed.xml", "/feed.json", "/sitemap.xml"]) {
      expect(await (await instance.request(path)).text(), path).not.toContain("story4");
    }
    const atom = parseXml(await (await instance.request("/atom.xml")).text()).feed;
    expect(atom.entry.map((e: any) => textOf(e.title))).not.toContain("Headline number 4");
    expect(atom["@xmlns:at"]).toBe(TOMBSTONES);
    expect(atom["at:deleted-entry"]).toMatchObject({
      "@ref": "urn:uuid:00000000-0000-5000-8000-000000000004",
      "@when": "2026-02-01T10:00:00Z",
    });
  });
});

describe("corrections", () => {
  it("show on the page, in the feeds and in JSON-LD, with the updated date everywhere", async () => {
    const instance = await app();
    const html = await (await instance.request("/stories/story3/headline-number-3")).text();
    expect(html).toContain(
      '<aside class="correction" aria-label="Correction"><p><strong>Correction:</strong> An earlier version misstated the &lt;vote&gt; count &amp; date.</p></aside>',
    );
    const [jsonLd] = await textsOf(html, 'script[type="application/ld+json"]');
    expect(JSON.parse(jsonLd!)).toMatchObject({
      correction: "An earlier version misstated the <vote> count & date.",
      dateModified: "2026-01-20T12:00:00Z",
    });
    expect(await attributesOf(html, 'meta[property="article:modified_time"]')).toEqual([
      { property: "article:modified_time", content: "2026-01-20T12:00:00Z" },
    ]);
    const json = await (await instance.request("/feed.json")).json<any>();
    const item = json.items.find((i: any) => i.title === "Headline number 3");
    expect(item.date_modified).toBe("2026-01-20T12:00:00Z");
    expect(
      item.content_html.endsWith(
        "<p><strong>Correction:</strong> An earlier version misstated the &lt;vote&gt; count &amp; date.</p>",
      ),
    ).toBe(true);
    expect(paragraphsOf(item.content_html).slice(0, 2)).toEqual([
      "First paragraph of story 3.",
      "Second paragraph of story 3.",
    ]);
    const atom = parseXml(await (await instance.request("/atom.xml")).text()).feed;
    expect(textOf(atom.entry.find((e: any) => textOf(e.title) === "Headline number 3").updated)).toBe(
      "2026-01-20T12:00:00Z",
    );
  });
});
