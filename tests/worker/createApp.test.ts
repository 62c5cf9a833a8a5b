import { describe, expect, it } from "vitest";
import { createApp } from "../../src/worker/createApp";
import { textsOf } from "../fixtures/htmlQuery";
import { makeContent, makeSite } from "../fixtures/stories";

const FEEDS = {
  "/feed.xml": "application/rss+xml; charset=utf-8",
  "/atom.xml": "application/atom+xml; charset=utf-8",
  "/feed.json": "application/feed+json; charset=utf-8",
} as const;
const PAGES = {
  "/": "text/html; charset=utf-8",
  "/stories/story1/headline-number-1": "text/html; charset=utf-8",
} as const;
const ROUTES = { ...FEEDS, ...PAGES };

/** A fresh app over three fixture stories; the newest is updated 2026-01-03T09:30:00Z. */
async function freshApp() {
  return createApp(makeContent(3), makeSite());
}

async function gunzip(bytes: ArrayBuffer): Promise<string> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).text();
}

describe("routes", () => {
  it.each(Object.entries(ROUTES))(
    "%s answers 200 with its content type, a strong ETag and Last-Modified",
    async (path, type) => {
      const app = await freshApp();
      const res = await app.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Type")).toBe(type);
      expect(res.headers.get("ETag")).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
      expect(res.headers.get("Cache-Control")).toBe("public, max-age=300, stale-while-revalidate=3600");
      expect(res.headers.get("Vary")).toBe("Accept-Encoding");
      expect(res.headers.get("Link")).toContain(
        '<https://news.example.org/atom.xml>; rel="alternate"; type="application/atom+xml"',
      );
      expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(Number(res.headers.get("Content-Length"))).toBe((await res.arrayBuffer()).byteLength);
    },
  );

  it("dates Last-Modified from the newest story on lists and feeds, from the story and its neighbours on its page", async () => {
    const app = await freshApp();
    for (const path of ["/", ...Object.keys(FEEDS)]) {
      expect((await app.request(path)).headers.get("Last-Modified")).toBe("Sat, 03 Jan 2026 09:30:00 GMT");
    }
    // story0 (updated 1 January) links to its newer neighbour story1 (updated 2 January).
    expect((await app.request("/stories/story0/headline-number-0")).headers.get("Last-Modified")).toBe(
      "Fri, 02 Jan 2026 09:30:00 GMT",
    );
  });

  it("redirects any other spelling of a story path to the canonical one with 301, on our own site only", async () => {
    const app = await freshApp();
    for (const path of [
      "/stories/story1",
      "/stories/story1/",
      "/stories/story1/old-title",
      "/stories/story1/headline-number-1/",
      "/stories/story1/%2F%2Fevil.example",
      "/stories/story1/x/https:/evil.example",
    ]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(301);
      expect(res.headers.get("Location")).toBe("/stories/story1/headline-number-1");
    }
  });

  it("answers unknown paths and ids with the 404 page, or JSON when JSON is asked for", async () => {
    const app = await freshApp();
    for (const path of ["/nope", "/stories/unknown/slug", "/feed.xml/", "/stories"]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
      expect(await res.text()).toContain("Page not found");
    }
    const json = await app.request("/nope", { headers: { Accept: "application/json" } });
    expect(json.status).toBe(404);
    expect(json.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(await json.json()).toEqual({ error: "Not Found", status: 404 });
  });

  it("refuses malformed and absurd paths with a 4xx that echoes nothing", async () => {
    const app = await freshApp();
    const cases: [string, number][] = [
      ["/stories/%E0%A4%A/x", 400],
      ["/%zz", 400],
      ["/stories/%00/x", 400],
      [`/${"a".repeat(5000)}`, 414],
    ];
    for (const [path, status] of cases) {
      const res = await app.request(path);
      expect(res.status, path).toBe(status);
      expect(await res.text()).not.toContain("%");
    }
  });
});

describe("conditional requests (RFC 9110 §13)", () => {
  it.each(Object.keys(ROUTES))(
    "%s: If-None-Match with the ETag, weak, in a list or * answers 304 without a body",
    async (path) => {
      const app = await freshApp();
      const first = await app.request(path);
      const tag = first.headers.get("ETag")!;
      for (const value of [tag, `W/${tag}`, `"other", ${tag}`, "*"]) {
        const res = await app.request(path, { headers: { "If-None-Match": value } });
        expect(res.status, value).toBe(304);
        expect(await res.text()).toBe("");
        expect(res.headers.get("ETag")).toBe(tag);
        expect(res.headers.get("Cache-Control")).toBe(first.headers.get("Cache-Control"));
        expect(res.headers.get("Vary")).toBe("Accept-Encoding");
      }
    },
  );

  it("answers 200 to a non-matching If-None-Match even when If-Modified-Since would match (§13.2.2)", async () => {
    const app = await freshApp();
    const res = await app.request("/feed.xml", {
      headers: { "If-None-Match": '"stale"', "If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT" },
    });
    expect(res.status).toBe(200);
  });

  it("answers If-Modified-Since: 304 at or after Last-Modified, 200 before, ignored when invalid", async () => {
    const app = await freshApp();
    const at = await app.request("/atom.xml", {
      headers: { "If-Modified-Since": "Sat, 03 Jan 2026 09:30:00 GMT" },
    });
    expect(at.status).toBe(304);
    expect(at.headers.get("ETag")).toMatch(/^"/);
    expect(at.headers.get("Cache-Control")).toBe("public, max-age=300, stale-while-revalidate=3600");
    expect(await at.text()).toBe("");
    const before = await app.request("/atom.xml", {
      headers: { "If-Modified-Since": "Sat, 03 Jan 2026 09:29:59 GMT" },
    });
    expect(before.status).toBe(200);
    for (const garbage of ["yesterday", "9".repeat(4000), ""]) {
      expect((await app.request("/atom.xml", { headers: { "If-Modified-Since": garbage } })).status).toBe(
        200,
      );
    }
  });

  it("does not answer 304 for a 404", async () => {
    const app = await freshApp();
    const res = await app.request("/nope", { headers: { "If-None-Match": "*" } });
    expect(res.status).toBe(404);
  });
});

describe("methods", () => {
  it.each(Object.keys(ROUTES))("HEAD %s has the GET headers and no body", async (path) => {
    const app = await freshApp();
    const get = await app.request(path);
    const head = await app.request(path, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    for (const name of ["Content-Type", "ETag", "Last-Modified", "Content-Length", "Cache-Control"]) {
      expect(head.headers.get(name), name).toBe(get.headers.get(name));
    }
  });

  it.each(["POST", "PUT", "DELETE", "PATCH"])("%s on a resource answers 405 with Allow", async (method) => {
    const app = await freshApp();
    for (const path of Object.keys(ROUTES)) {
      const res = await app.request(path, { method });
      expect(res.status).toBe(405);
      expect(res.headers.get("Allow")).toBe("GET, HEAD, OPTIONS");
    }
  });

  it("answers OPTIONS and CORS preflight on feeds, and sends Access-Control-Allow-Origin: * with them", async () => {
    const app = await freshApp();
    for (const path of Object.keys(FEEDS)) {
      const preflight = await app.request(path, {
        method: "OPTIONS",
        headers: { Origin: "https://reader.example", "Access-Control-Request-Method": "GET" },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get("Access-Control-Allow-Origin")).toBe("*");
      expect(preflight.headers.get("Access-Control-Allow-Methods")).toBe("GET,HEAD,OPTIONS");
      const get = await app.request(path, { headers: { Origin: "https://reader.example" } });
      expect(get.headers.get("Access-Control-Allow-Origin")).toBe("*");
      expect(get.headers.get("Access-Control-Expose-Headers")).toContain("ETag");
    }
    const page = await app.request("/", { method: "OPTIONS" });
    expect(page.status).toBe(204);
    expect(page.headers.get("Allow")).toBe("GET, HEAD, OPTIONS");
  });
});

describe("compression", () => {
  it.each(Object.keys(ROUTES))("%s: gzip when accepted, with its own ETag; the same text", async (path) => {
    const app = await freshApp();
    const plain = await app.request(path);
    const zipped = await app.request(path, { headers: { "Accept-Encoding": "br, gzip;q=0.8" } });
    expect(plain.headers.get("Content-Encoding")).toBeNull();
    expect(zipped.headers.get("Content-Encoding")).toBe("gzip");
    expect(zipped.headers.get("Vary")).toBe("Accept-Encoding");
    expect(zipped.headers.get("ETag")).not.toBe(plain.headers.get("ETag"));
    const bytes = await zipped.arrayBuffer();
    expect(Number(zipped.headers.get("Content-Length"))).toBe(bytes.byteLength);
    expect(await gunzip(bytes)).toBe(await plain.text());
    const revalidated = await app.request(path, {
      headers: { "Accept-Encoding": "gzip", "If-None-Match": zipped.headers.get("ETag")! },
    });
    expect(revalidated.status).toBe(304);
  });

  it("sends identity to clients that refuse gzip or only take br", async () => {
    const app = await freshApp();
    for (const value of ["identity", "gzip;q=0", "br", "*;q=0", "gzip;q=0, *", ""]) {
      const res = await app.request("/feed.json", { headers: { "Accept-Encoding": value } });
      expect(res.headers.get("Content-Encoding"), value).toBeNull();
    }
    const star = await app.request("/feed.json", { headers: { "Accept-Encoding": "*" } });
    expect(star.headers.get("Content-Encoding")).toBe("gzip");
  });
});

describe("security headers", () => {
  it("allows exactly the page's inline stylesheet by hash, and nothing else", async () => {
    const app = await freshApp();
    for (const path of ["/", "/stories/story1/headline-number-1", "/nope"]) {
      const res = await app.request(path);
      const csp = res.headers.get("Content-Security-Policy")!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      const styles = await textsOf(await res.text(), "style");
      expect(styles).toHaveLength(1);
      const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(styles[0]));
      const hash = btoa(String.fromCharCode(...new Uint8Array(digest)));
      expect(csp).toContain(`style-src 'sha256-${hash}'`);
      expect(res.headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
      // frame-ancestors 'none' (above) forbids framing; it supersedes X-Frame-Options in current browsers.
      expect(res.headers.get("X-Frame-Options")).toBeNull();
    }
  });
});
