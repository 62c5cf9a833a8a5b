// The deployed entry point, in workerd: generated content, wrangler.toml [vars], the edge's encoding rules.

import { exports } from "cloudflare:workers";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { manifest } from "../../src/generated/content";
import { paragraphsOf, parseXml, textOf } from "../fixtures/parseXml";

const BASE = (env as { SITE_URL: string }).SITE_URL;

function get(path: string, init: RequestInit<IncomingRequestCfProperties> = {}) {
  return exports.default.fetch(new Request(`http://example.com${path}`, init));
}

/** The shipped seed, as the build wrote it: the bundled manifest counts it, the assets hold it. */
const index = [
  {
    id: "a24f3107751dc8e8",
    slug: "trump-calls-for-meeting-with-north-korean-leader-during-asia-tour",
    title: "Trump Calls for Meeting with North Korean Leader During Asia Tour",
  },
];

describe("the Worker entry", () => {
  it("bundles the manifest alone: the archive is in the static assets", () => {
    expect(manifest.total).toBe(1);
    expect(manifest.layout.pageSize).toBe(50);
  });

  it("serves the shipped seed in all three feeds with self links from the site settings", async () => {
    const story = index.find((s) => s.id === "a24f3107751dc8e8")!;
    expect(story.title).toBe("Trump Calls for Meeting with North Korean Leader During Asia Tour");
    const guid = "urn:uuid:3dc14aa5-5799-5b13-8bd8-ffb42748fb0d";
    const rss = parseXml(await (await get("/feed.xml")).text()).rss.channel;
    expect(rss["atom:link"]["@href"]).toBe(`${BASE}/feed.xml`);
    const item = rss.item.find((i: any) => textOf(i.guid) === guid);
    expect(textOf(item.title)).toBe(story.title);
    const paragraphs = paragraphsOf(textOf(item["content:encoded"]));
    expect(paragraphs).toHaveLength(5);
    expect(paragraphs[0]).toMatch(
      /^President Donald Trump departed Washington .* face\u2011to\u2011face meeting/,
    );

    const atom = parseXml(await (await get("/atom.xml")).text()).feed;
    expect(atom.link.find((l: any) => l["@rel"] === "self")["@href"]).toBe(`${BASE}/atom.xml`);
    const json = await (await get("/feed.json")).json<any>();
    expect(json.feed_url).toBe(`${BASE}/feed.json`);
    expect(json.items.find((i: any) => i.id === guid).title).toBe(story.title);
  });

  it("serves the story's permalink and redirects its bare id", async () => {
    const story = index[0]!;
    const page = await get(`/stories/${story.id}/${story.slug}`);
    expect(page.status).toBe(200);
    const bare = await get(`/stories/${story.id}`, { redirect: "manual" });
    expect(bare.status).toBe(301);
    expect(bare.headers.get("Location")).toBe(`/stories/${story.id}/${story.slug}`);
  });

  it("decides compression on the client's own Accept-Encoding (request.cf), not the rewritten header", async () => {
    // On the edge and in wrangler dev the Worker sees `Accept-Encoding: br, gzip` whatever the client sent.
    const identity = await get("/atom.xml", {
      headers: { "Accept-Encoding": "br, gzip" },
      cf: { clientAcceptEncoding: "" } as IncomingRequestCfProperties,
    });
    expect(identity.headers.get("Content-Encoding")).toBeNull();
    expect(await identity.text()).toMatch(/^<\?xml/);
    const gzip = await get("/atom.xml", {
      headers: { "Accept-Encoding": "br, gzip" },
      cf: { clientAcceptEncoding: "gzip, deflate" } as IncomingRequestCfProperties,
    });
    expect(gzip.headers.get("Content-Encoding")).toBe("gzip");
  });

  it("answers 304 to a conditional GET in workerd, with no body", async () => {
    const first = await get("/feed.json");
    const again = await get("/feed.json", { headers: { "If-None-Match": first.headers.get("ETag")! } });
    expect(again.status).toBe(304);
    expect(again.body === null || (await again.text()) === "").toBe(true);
  });

  it("never answers 5xx to hostile requests", async () => {
    const hostile: [string, RequestInit<IncomingRequestCfProperties>][] = [
      ["/%", {}],
      ["/stories/%ff%fe/x", {}],
      ["/..%2f..%2fetc/passwd", {}],
      ["/feed.xml", { method: "PROPFIND" }],
      ["/feed.xml", { headers: { "If-None-Match": '"""\\' } }],
      ["/feed.xml", { headers: { "If-Modified-Since": "Sun, 99 Foo 99999 99:99:99 GMT".repeat(50) } }],
      ["/feed.xml", { headers: { Range: "bytes=0-10" } }],
      ["/feed.xml", { headers: { Accept: ";;;q=x" } }],
    ];
    for (const [path, init] of hostile) {
      const res = await get(path, init);
      expect(res.status, `${init.method ?? "GET"} ${path}`).toBeLessThan(500);
      await res.arrayBuffer();
    }
  });
});
