// WebSub discovery: with a hub configured, every subscription and topic feed names it and itself,
// in the document and in HTTP Link headers; archive pages do not.

import { describe, expect, it } from "vitest";
import { createApp } from "../../src/worker/createApp";
import { parseXml } from "../fixtures/parseXml";
import { contentOf, makeContent, makeSite, makeStories } from "../fixtures/stories";

const HUB = "https://hub.example.net/";

describe("WebSub", () => {
  it("advertises rel=hub and rel=self in each feed document and its Link header", async () => {
    const app = await createApp(
      contentOf(makeStories(3, () => ({ tags: ["World"] }))),
      makeSite({ hubUrl: HUB }),
    );
    for (const path of [
      "/feed.xml",
      "/atom.xml",
      "/feed.json",
      "/tags/world/feed.xml",
      "/tags/world/feed.json",
    ]) {
      const res = await app.request(path);
      const link = res.headers.get("Link")!;
      expect(link, path).toContain(`<https://news.example.org${path}>; rel="self"`);
      expect(link, path).toContain(`<${HUB}>; rel="hub"`);
      const body = await res.text();
      if (path.endsWith(".json")) {
        const json = JSON.parse(body);
        expect(json.hubs).toEqual([{ type: "WebSub", url: HUB }]);
        expect(json.feed_url).toBe(`https://news.example.org${path}`);
      } else if (path.endsWith("atom.xml")) {
        const links = parseXml(body).feed.link.map((l: any) => [l["@rel"], l["@href"]]);
        expect(links).toEqual(
          expect.arrayContaining([
            ["hub", HUB],
            ["self", `https://news.example.org${path}`],
          ]),
        );
      } else {
        const links = [parseXml(body).rss.channel["atom:link"]]
          .flat()
          .map((l: any) => [l["@rel"], l["@href"]]);
        expect(links).toEqual(
          expect.arrayContaining([
            ["hub", HUB],
            ["self", `https://news.example.org${path}`],
          ]),
        );
      }
    }
  });

  it("names no hub when none is configured, and none on archive pages", async () => {
    const none = await createApp(makeContent(3), makeSite());
    expect((await none.request("/feed.xml")).headers.get("Link")).not.toContain('rel="hub"');
    expect(await (await none.request("/atom.xml")).text()).not.toContain('rel="hub"');
    const archived = await createApp(makeContent(6, 3), makeSite({ hubUrl: HUB }));
    expect(await (await archived.request("/archive/1/atom.xml")).text()).not.toContain('rel="hub"');
  });
});
