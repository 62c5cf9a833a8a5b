import { describe, expect, it } from "vitest";
import { createApp } from "../../src/worker/createApp";
import { parseXml, textOf } from "../fixtures/parseXml";
import { makeContent, makeSite } from "../fixtures/stories";

const HISTORY = "http://purl.org/syndication/history/1.0";

/** Ten stories in chunks of three: archive pages 1-3 hold stories 0-8, story 9 is only in the current feed. */
async function archivedApp(feedSize = 2) {
  return createApp(makeContent(10, 3), makeSite({ feedSize }));
}

function atomLinks(feed: any): Record<string, string> {
  return Object.fromEntries(feed.link.map((l: any) => [l["@rel"], l["@href"]]));
}

describe("RFC 5005 archived feeds", () => {
  it("the subscription feed carries the newest stories and points at the newest archive page", async () => {
    const app = await archivedApp();
    const atom = parseXml(await (await app.request("/atom.xml")).text()).feed;
    expect(atom.entry.map((e: any) => textOf(e.title))).toEqual(["Headline number 9", "Headline number 8"]);
    expect(atom["fh:archive"]).toBeUndefined();
    expect(atomLinks(atom)).toMatchObject({
      self: "https://news.example.org/atom.xml",
      "prev-archive": "https://news.example.org/archive/3/atom.xml",
    });
    const rss = parseXml(await (await app.request("/feed.xml")).text()).rss.channel;
    expect(rss.item).toHaveLength(2);
    expect(rss["atom:link"].map((l: any) => [l["@rel"], l["@href"]])).toEqual([
      ["self", "https://news.example.org/feed.xml"],
      ["prev-archive", "https://news.example.org/archive/3/feed.xml"],
    ]);
    const json = await (await app.request("/feed.json")).json<any>();
    expect(json.items).toHaveLength(2);
    expect(json.next_url).toBe("https://news.example.org/archive/3/feed.json");
  });

  it("archive pages are marked fh:archive and link current, prev-archive and next-archive", async () => {
    const app = await archivedApp();
    const res = await app.request("/archive/2/atom.xml");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=86400, stale-while-revalidate=604800");
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const atom = parseXml(await res.text()).feed;
    expect(atom["@xmlns:fh"]).toBe(HISTORY);
    expect(atom["fh:archive"]).toBe("");
    expect(atomLinks(atom)).toEqual({
      self: "https://news.example.org/archive/2/atom.xml",
      alternate: "https://news.example.org/",
      current: "https://news.example.org/atom.xml",
      "prev-archive": "https://news.example.org/archive/1/atom.xml",
      "next-archive": "https://news.example.org/archive/3/atom.xml",
    });
    expect(atom.entry.map((e: any) => textOf(e.title))).toEqual([
      "Headline number 5",
      "Headline number 4",
      "Headline number 3",
    ]);
    expect(textOf(atom.updated)).toBe("2026-01-06T09:30:00Z");

    const document = parseXml(await (await app.request("/archive/1/feed.xml")).text()).rss;
    expect(document["@xmlns:fh"]).toBe(HISTORY);
    const rss = document.channel;
    expect(rss["fh:archive"]).toBe("");
    expect(rss["atom:link"].map((l: any) => l["@rel"])).toEqual(["self", "current", "next-archive"]);
  });

  it.each(["feed.xml", "atom.xml", "feed.json"])(
    "every story is reachable from /%s by following archive links",
    async (file) => {
      const app = await archivedApp();
      const seen: string[] = [];
      let url: string | null = `https://news.example.org/${file}`;
      for (let hops = 0; url && hops < 10; hops++) {
        const res = await app.request(new URL(url).pathname);
        expect(res.status, url).toBe(200);
        const text = await res.text();
        if (file === "feed.json") {
          const json = JSON.parse(text);
          seen.push(...json.items.map((i: any) => i.id));
          url = json.next_url ?? null;
        } else if (file === "atom.xml") {
          const feed = parseXml(text).feed;
          seen.push(...feed.entry.map((e: any) => textOf(e.id)));
          url = atomLinks(feed)["prev-archive"] ?? null;
        } else {
          const channel = parseXml(text).rss.channel;
          seen.push(...channel.item.map((i: any) => textOf(i.guid)));
          const links = [channel["atom:link"]].flat();
          url = links.find((l: any) => l["@rel"] === "prev-archive")?.["@href"] ?? null;
        }
      }
      expect(new Set(seen).size).toBe(10);
    },
  );

  it("never leaves a story out of both the current feed and the archives", async () => {
    // feedSize 1 with 1 story beyond the last full page: the current feed still shows that one.
    const app = await archivedApp(1);
    const json = await (await app.request("/feed.json")).json<any>();
    expect(json.items.map((i: any) => i.title)).toEqual(["Headline number 9"]);
    const small = await createApp(makeContent(5, 3), makeSite({ feedSize: 1 }));
    const tail = await (await small.request("/feed.json")).json<any>();
    expect(tail.items.map((i: any) => i.title)).toEqual(["Headline number 4", "Headline number 3"]);
  });

  it("answers 404 for archive pages that do not exist or are spelled otherwise", async () => {
    const app = await archivedApp();
    for (const path of [
      "/archive/0/atom.xml",
      "/archive/4/atom.xml",
      "/archive/01/atom.xml",
      "/archive/1/rss.xml",
      "/archive/-1/feed.json",
      "/archive/1e0/feed.json",
    ]) {
      expect((await app.request(path)).status, path).toBe(404);
    }
  });

  it("answers conditional requests on archive pages", async () => {
    const app = await archivedApp();
    const first = await app.request("/archive/1/feed.json");
    const again = await app.request("/archive/1/feed.json", {
      headers: { "If-None-Match": first.headers.get("ETag")! },
    });
    expect(again.status).toBe(304);
    expect(again.headers.get("Cache-Control")).toBe("public, max-age=86400, stale-while-revalidate=604800");
  });
});

describe("home page paging", () => {
  it("pages 20 stories at a time with rel=prev/next, /page/1 redirecting to /", async () => {
    const app = await createApp(makeContent(45), makeSite());
    const home = await (await app.request("/")).text();
    expect(home.match(/<li>\n<h2>/g)).toHaveLength(20);
    expect(home).toContain('<a href="/page/2" rel="next">Older stories</a>');
    expect(home).not.toContain('rel="prev"');
    const second = await app.request("/page/2");
    expect(second.status).toBe(200);
    const text = await second.text();
    expect(text).toContain('<a href="/" rel="prev">Newer stories</a>');
    expect(text).toContain('<a href="/page/3" rel="next">Older stories</a>');
    expect(text).toContain('<link rel="canonical" href="https://news.example.org/page/2">');
    const last = await (await app.request("/page/3")).text();
    expect(last.match(/<li>\n<h2>/g)).toHaveLength(5);
    expect(last).toContain("Headline number 0");
    const one = await app.request("/page/1");
    expect(one.status).toBe(301);
    expect(one.headers.get("Location")).toBe("/");
    for (const path of ["/page/4", "/page/0", "/page/02", "/page/x", "/page/99999999999"]) {
      expect((await app.request(path)).status, path).toBe(404);
    }
  });
});

describe("bounded caches", () => {
  it("serves correct bodies when the response and chunk caches hold almost nothing", async () => {
    const roomy = await archivedApp();
    const tight = await createApp(makeContent(10, 3), makeSite({ feedSize: 2 }), {
      representationBytes: 1,
      replayBytes: 1,
      archiveBytes: 1,
    });
    for (let round = 0; round < 2; round++) {
      for (const path of [
        "/",
        "/feed.xml",
        "/archive/1/atom.xml",
        "/archive/3/feed.json",
        "/stories/story4/headline-number-4",
      ]) {
        const [a, b] = [await roomy.request(path), await tight.request(path)];
        expect(b.headers.get("ETag"), path).toBe(a.headers.get("ETag"));
        expect(await b.text()).toBe(await a.text());
      }
    }
  });
});
