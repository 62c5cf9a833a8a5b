// Search: golden results on a fixture corpus, the page and the three search feeds, one spelling per
// query, hostile queries, and stories that must never be found.

import { parseFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import type { Story } from "../../src/core/types";
import { createApp } from "../../src/worker/createApp";
import { attributesOf, textsOf } from "../fixtures/htmlQuery";
import { parseXml, textOf } from "../fixtures/parseXml";
import { contentOf, makeSite, makeStory } from "../fixtures/stories";

const LATER = Date.parse("2026-06-01T12:00:00Z");

/** A small newsroom, newest first; each story tests one matching rule. */
function corpus(): Story[] {
  const story = (n: number, title: string, paragraphs: string[], extra: Partial<Story> = {}) =>
    makeStory(n, { title, paragraphs, summary: paragraphs[0]!, ...extra });
  return [
    story(20, "Comet seen over the city", ["A futureword comet will be seen."], {
      published: "2026-06-01T12:00:00Z",
      updated: "2026-06-01T12:00:00Z",
    }),
    story(9, "Secret draft", ["The secretword draft."], { draft: true }),
    story(8, "Retracted story", ["The secretword retraction."], { retracted: true }),
    story(7, "東京 stock market rises", ["Shares in 東京 rose on Monday, dealers said."]),
    story(6, "River levels fall", ["The mayor said the bridge stays closed while the river falls."]),
    story(5, "Talks resume in Geneva", ["Negotiators talked for hours in Geneva."]),
    story(4, "Économie : les marchés montent", ["La Bourse de Paris a gagné 2 % lundi."]),
    story(3, "Mayor opens the new bridge", ["The bridge over the river opened on Tuesday."]),
    story(2, "Weather", ["Rain is expected, the weather office said."]),
  ];
}

async function app(now = Date.parse("2026-03-01T00:00:00Z")) {
  return createApp(contentOf(corpus(), 4), makeSite(), { now: () => now });
}

/** The result headlines of a search page. */
async function titles(res: Response): Promise<string[]> {
  expect(res.status).toBe(200);
  return textsOf(await res.text(), ".stories h2 a");
}

describe("search results", () => {
  it.each([
    ["bridge", ["Mayor opens the new bridge", "River levels fall"]],
    ["economie", ["Économie : les marchés montent"]],
    ["%C3%A9conomie", ["Économie : les marchés montent"]],
    ["marches", ["Économie : les marchés montent"]],
    ["talk", ["Talks resume in Geneva"]],
    ["talking", ["Talks resume in Geneva"]],
    ["mayor+bridge", ["Mayor opens the new bridge", "River levels fall"]],
    ["river+bridge+mayor", ["Mayor opens the new bridge", "River levels fall"]],
    ["%E6%9D%B1%E4%BA%AC", ["東京 stock market rises"]],
    ["weather", ["Weather"]],
  ])("q=%s finds %j, best first (headline words weigh more than body words)", async (q, expected) => {
    expect(await titles(await (await app()).request(`/search?q=${q}`))).toEqual(expected);
  });

  it("orders by date with sort=date, newest first", async () => {
    expect(await titles(await (await app()).request("/search?q=bridge&sort=date"))).toEqual([
      "River levels fall",
      "Mayor opens the new bridge",
    ]);
  });

  it("falls back to any word when no story has them all, and says so", async () => {
    const res = await (await app()).request("/search?q=bridge+geneva");
    const html = await res.clone().text();
    expect(await titles(res)).toEqual([
      "Talks resume in Geneva",
      "Mayor opens the new bridge",
      "River levels fall",
    ]);
    expect(html).toContain("with some of your words (none has them all)");
  });

  it("marks the matched words in the excerpt, escaped", async () => {
    const html = await (await (await app()).request("/search?q=talking")).text();
    expect(html).toContain("Negotiators <mark>talked</mark> for hours in Geneva.");
  });

  it("never finds drafts or retracted stories, and finds a scheduled story from its instant on", async () => {
    const before = await app();
    for (const q of ["secretword", "futureword", "comet"]) {
      expect(await titles(await before.request(`/search?q=${q}`)), q).toEqual([]);
    }
    const after = await app(LATER);
    expect(await titles(await after.request("/search?q=comet"))).toEqual(["Comet seen over the city"]);
    expect(await titles(await after.request("/search?q=secretword"))).toEqual([]);
  });

  it("pages ten results at a time", async () => {
    const many = Array.from({ length: 25 }, (_, i) => makeStory(24 - i, { paragraphs: ["Harbour news."] }));
    const search = await createApp(contentOf(many, 10), makeSite());
    const first = await search.request("/search?q=harbour");
    const html = await first.clone().text();
    expect(await titles(first)).toHaveLength(10);
    expect(html).toContain("25 stories");
    expect(await attributesOf(html, 'a[rel="next"]')).toEqual([
      { href: "/search?q=harbour&amp;page=2", rel: "next" },
    ]);
    expect(await titles(await search.request("/search?q=harbour&page=3"))).toHaveLength(5);
  });
});

describe("the search page", () => {
  it("is noindex, canonical, and advertises the search's feeds; every page links OpenSearch and has the form", async () => {
    const html = await (await (await app()).request("/search?q=bridge")).text();
    const metas = await attributesOf(html, 'meta[name="robots"]');
    expect(metas[0]!.content).toBe("noindex, follow");
    expect((await attributesOf(html, 'link[rel="canonical"]'))[0]!.href).toBe(
      "https://news.example.org/search?q=bridge",
    );
    expect((await attributesOf(html, 'link[rel="alternate"]')).map((l) => l.href)).toEqual([
      "https://news.example.org/search/feed.xml?q=bridge",
      "https://news.example.org/search/atom.xml?q=bridge",
      "https://news.example.org/search/feed.json?q=bridge",
    ]);
    const home = await (await (await app()).request("/")).text();
    expect(await attributesOf(home, 'link[rel="search"]')).toEqual([
      {
        rel: "search",
        type: "application/opensearchdescription+xml",
        title: "Test &amp; &lt;Times&gt;",
        href: "/opensearch.xml",
      },
    ]);
    expect(await attributesOf(home, 'form[role="search"]')).toEqual([
      { class: "search", role: "search", action: "/search", method: "get" },
    ]);
  });

  it("helps with an empty query, a query of common words only, and no results", async () => {
    const search = await app();
    expect(await (await search.request("/search")).text()).toContain(
      "Type one or more words in the search box",
    );
    expect(await (await search.request("/search?q=the+of")).text()).toContain(
      "holds only words too common to search for",
    );
    expect(await (await search.request("/search?q=zyzzyva")).text()).toContain("No story matches “zyzzyva”");
  });

  it("has one spelling per query: others answer 301", async () => {
    const search = await app();
    for (const [asked, canonical] of [
      ["/search?q=Bridge", "/search?q=bridge"],
      ["/search?q=++bridge+++river+", "/search?q=bridge+river"],
      ["/search?q=bridge&sort=relevance", "/search?q=bridge"],
      ["/search?q=bridge&page=1", "/search?q=bridge"],
      ["/search?page=2&q=bridge", "/search?q=bridge&page=2"],
      ["/search?q=bridge&utm_source=x", "/search?q=bridge"],
      ["/search?q=", "/search"],
      ["/search/feed.xml?q=bridge&sort=date", "/search/feed.xml?q=bridge"],
    ]) {
      const res = await search.request(asked!);
      expect(res.status, asked).toBe(301);
      expect(res.headers.get("Location"), asked).toBe(canonical);
    }
  });

  it("answers hostile queries without a 5xx or anything reflected unescaped, and says when it cut one", async () => {
    const search = await app();
    const queries = [
      "",
      "   ",
      "x".repeat(10_000),
      Array.from({ length: 1000 }, (_, i) => `word${i}`).join(" "),
      "<script>alert(1)</script>",
      '"" \' OR 1=1 -- AND NOT',
      "\u0000\u0001\u001f",
      "the of and to a",
      "said",
    ];
    for (const q of queries) {
      let res = await search.request(`/search?q=${encodeURIComponent(q)}`);
      if (res.status === 301) res = await search.request(res.headers.get("Location")!);
      expect(res.status, q.slice(0, 20)).toBe(200);
      const html = await res.text();
      expect(html).not.toContain("<script>alert(1)");
      expect(html).not.toMatch(/[\u0000-\u0008]/);
    }
    const long = await (await search.request(`/search?q=${"x".repeat(10_000)}`)).text();
    expect(long).toContain("Your search was shortened to its first 200 characters and 8 words.");
    const words = await (
      await search.request(`/search?q=${Array.from({ length: 20 }, (_, i) => `w${i}`).join("+")}`)
    ).text();
    expect(words).toContain("Your search was shortened");
    const broken = await search.request("/search?q=%ZZ");
    expect(broken.status).toBeLessThan(500);
  });
});

describe("search feeds", () => {
  it("carry the matches newest first, as the site feeds carry them (same GUIDs), and validate", async () => {
    const search = await app();
    const site = parseXml(await (await search.request("/feed.xml")).text()).rss.channel.item;
    const guidOf = (title: string) => textOf(site.find((item: any) => textOf(item.title) === title).guid);
    const rss = await (await search.request("/search/feed.xml?q=bridge")).text();
    const channel = parseXml(rss).rss.channel;
    expect(textOf(channel.title)).toBe("Test & <Times>: search for “bridge”");
    expect(channel.item.map((item: any) => textOf(item.title))).toEqual([
      "River levels fall",
      "Mayor opens the new bridge",
    ]);
    expect(channel.item.map((item: any) => textOf(item.guid))).toEqual([
      guidOf("River levels fall"),
      guidOf("Mayor opens the new bridge"),
    ]);
    expect(channel["atom:link"]["@href"]).toBe("https://news.example.org/search/feed.xml?q=bridge");
    expect(parseFeed(rss).format).toBe("rss");
    const atom = await (await search.request("/search/atom.xml?q=bridge")).text();
    expect(parseXml(atom).feed.id).toBe("https://news.example.org/search?q=bridge");
    expect(parseFeed(atom).format).toBe("atom");
    const json = await (await search.request("/search/feed.json?q=bridge")).json<any>();
    expect(json.feed_url).toBe("https://news.example.org/search/feed.json?q=bridge");
    expect(json.items).toHaveLength(2);
  });

  it("hold one notice item while no story matches, dated by the site's last change; 404 without a query", async () => {
    const search = await app();
    const xml = await (await search.request("/search/atom.xml?q=zyzzyva")).text();
    const atom = parseXml(xml).feed;
    expect(atom.entry).toHaveLength(1);
    expect(textOf(atom.entry[0].title)).toBe("No story matches “zyzzyva” yet");
    expect(atom.entry[0].link[0]["@href"]).toBe("https://news.example.org/search?q=zyzzyva");
    expect(textOf(atom.entry[0].id)).toBe("https://news.example.org/search?q=zyzzyva#no-match");
    expect(textOf(atom.updated)).not.toBe("1970-01-01T00:00:00Z");
    expect(parseFeed(xml).format).toBe("atom");
    const json = await (await search.request("/search/feed.json?q=zyzzyva")).json<any>();
    expect(json.items.map((item: any) => item.url)).toEqual(["https://news.example.org/search?q=zyzzyva"]);
    expect((await search.request("/search/feed.xml")).status).toBe(404);
  });

  it("answer conditional GETs with 304, like every feed", async () => {
    const search = await app();
    const first = await search.request("/search/feed.xml?q=bridge");
    const again = await search.request("/search/feed.xml?q=bridge", {
      headers: { "If-None-Match": first.headers.get("ETag")! },
    });
    expect(again.status).toBe(304);
    const page = await search.request("/search?q=bridge");
    const revalidated = await search.request("/search?q=bridge", {
      headers: { "If-Modified-Since": page.headers.get("Last-Modified")! },
    });
    expect(revalidated.status).toBe(304);
  });
});

describe("/opensearch.xml", () => {
  it("describes the search for browsers", async () => {
    const res = await (await app()).request("/opensearch.xml");
    expect(res.headers.get("Content-Type")).toBe("application/opensearchdescription+xml; charset=utf-8");
    const doc = parseXml(await res.text()).OpenSearchDescription;
    expect(textOf(doc.ShortName)).toBe("Test & <Times>");
    const urls = (Array.isArray(doc.Url) ? doc.Url : [doc.Url]).map((u: any) => [u["@type"], u["@template"]]);
    expect(urls).toContainEqual(["text/html", "https://news.example.org/search?q={searchTerms}"]);
    expect(urls).toContainEqual([
      "application/rss+xml",
      "https://news.example.org/search/feed.xml?q={searchTerms}",
    ]);
  });
});
