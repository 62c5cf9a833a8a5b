// What an HTTP linter (REDbot) checks, on every family of answer the app gives: Vary wherever the
// coding can differ, no coding on an empty body, no validators on errors, one rule for a retracted
// story's addresses, and only the security headers current browsers act on.

import { describe, expect, it } from "vitest";
import { createApp } from "../../src/worker/createApp";
import { contentOf, makeSite, makeStories, makeStory } from "../fixtures/stories";

/** Five live stories (two tagged World) and story5, retracted. */
async function freshApp() {
  const stories = [
    makeStory(5, { retracted: true, updated: "2026-02-01T10:00:00Z" }),
    ...makeStories(5, (n) => (n % 2 === 0 ? { tags: ["World"] } : {})),
  ];
  return createApp(contentOf(stories), makeSite());
}

/** One request of each family, and the status it answers (a path is named by its first 40 characters). */
const FAMILIES: [string, RequestInit, number][] = [
  ["/", {}, 200],
  ["/feed.xml", {}, 200],
  ["/atom.xml", {}, 200],
  ["/stories/story1/headline-number-1", {}, 200],
  ["/stories/story1.json", {}, 200],
  ["/robots.txt", {}, 200],
  ["/search?q=headline", {}, 200],
  ["/stories/story1", {}, 301],
  ["/stories/story1/old-slug", {}, 301],
  ["/page/1", {}, 301],
  ["/tags/WORLD", {}, 301],
  ["/search?q=Headline&x=1", {}, 301],
  ["/nope", {}, 404],
  ["/nope", { headers: { Accept: "application/json" } }, 404],
  ["/stories/story1.json/anything", {}, 404],
  ["/stories/story5/headline-number-5", {}, 410],
  ["/stories/story5.json", {}, 410],
  ["/feed.xml", { method: "POST" }, 405],
  ["/%zz", {}, 400],
  [`/${"a".repeat(2000)}`, {}, 414],
  ["/feed.xml", { method: "OPTIONS" }, 204],
];

const CODINGS = ["gzip", "identity"];
const CASES = FAMILIES.map(([path, init, status]) => ({
  name: `${init.method ?? "GET"} ${path.slice(0, 40)}${init.headers ? " (JSON)" : ""}`,
  path,
  init,
  status,
}));

describe("content coding and Vary (RFC 9110 §12.5.5, §8.4)", () => {
  it.each(CASES)(
    "$name: Vary names Accept-Encoding; an empty body has no Content-Encoding",
    async ({ path, init, status }) => {
      const app = await freshApp();
      for (const coding of CODINGS) {
        // Twice: the second GET is replayed from the response cache.
        for (const round of [1, 2]) {
          const headers = { ...(init.headers as Record<string, string>), "Accept-Encoding": coding };
          const res = await app.request(path, { ...init, headers });
          const label = `${coding} #${round}`;
          expect(res.status, label).toBe(status);
          // The platform compresses by Accept-Encoding whatever the app sends (the edge: 200, 403
          // and 404 of text types; wrangler dev: any status), so a cache must key on it everywhere.
          expect(res.headers.get("Vary"), label).toMatch(/(?:^|,)\s*Accept-Encoding\s*(?:,|$)/i);
          const bytes = (await res.arrayBuffer()).byteLength;
          if (bytes === 0) expect(res.headers.get("Content-Encoding"), label).toBeNull();
          else if (coding === "identity") expect(res.headers.get("Content-Encoding"), label).toBeNull();
        }
      }
    },
  );

  it("keeps Vary on a 304 and no Content-Encoding or Content-Length on it (RFC 9110 §15.4.5)", async () => {
    const app = await freshApp();
    for (const coding of CODINGS) {
      const first = await app.request("/feed.xml", { headers: { "Accept-Encoding": coding } });
      for (const round of [1, 2]) {
        const res = await app.request("/feed.xml", {
          headers: { "Accept-Encoding": coding, "If-None-Match": first.headers.get("ETag")! },
        });
        expect(res.status).toBe(304);
        expect(res.headers.get("Vary"), `${coding} #${round}`).toBe("Accept-Encoding");
        expect(res.headers.get("Content-Encoding")).toBeNull();
      }
    }
  });

  it("sends a HEAD the GET's Content-Encoding and Content-Length (RFC 9110 §9.3.2)", async () => {
    const app = await freshApp();
    for (const path of ["/feed.xml", "/nope"]) {
      const get = await app.request(path, { headers: { "Accept-Encoding": "gzip" } });
      const head = await app.request(path, { method: "HEAD", headers: { "Accept-Encoding": "gzip" } });
      expect(head.headers.get("Content-Encoding"), path).toBe("gzip");
      expect(head.headers.get("Content-Length"), path).toBe(get.headers.get("Content-Length"));
      expect(head.headers.get("Vary"), path).toBe(get.headers.get("Vary"));
    }
  });
});

describe("405 Method Not Allowed", () => {
  it("is plain text as sent, with none of the 404 page's headers (gzip coding, cache lifetime, Link)", async () => {
    const app = await freshApp();
    for (const method of ["POST", "PUT", "DELETE"]) {
      const res = await app.request("/feed.xml", { method, headers: { "Accept-Encoding": "gzip" } });
      expect(res.status).toBe(405);
      expect(res.headers.get("Allow")).toBe("GET, HEAD, OPTIONS");
      expect(res.headers.get("Content-Encoding"), method).toBeNull();
      expect(res.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
      expect(res.headers.get("Cache-Control")).toBeNull();
      expect(res.headers.get("Link")).toBeNull();
      expect(await res.text()).toBe("Method Not Allowed\n");
    }
  });
});

describe("errors have no validators (RFC 9110 §13.2.1)", () => {
  const ERRORS = CASES.filter(({ status }) => status >= 400);
  const FUTURE = "Fri, 01 Jan 2100 00:00:00 GMT";
  const CONDITIONALS: Record<string, string>[] = [
    {},
    { "If-None-Match": "*" },
    { "If-Modified-Since": FUTURE },
    { "If-None-Match": "*", "If-Modified-Since": FUTURE },
  ];

  it.each(ERRORS)("$name: no ETag or Last-Modified, and never a 304", async ({ path, init, status }) => {
    const app = await freshApp();
    for (const conditional of CONDITIONALS) {
      for (const round of [1, 2]) {
        const headers = { ...(init.headers as Record<string, string>), ...conditional };
        const res = await app.request(path, { ...init, headers });
        const label = `${JSON.stringify(conditional)} #${round}`;
        expect(res.status, label).toBe(status);
        expect(res.headers.get("ETag"), label).toBeNull();
        expect(res.headers.get("Last-Modified"), label).toBeNull();
      }
    }
  });
});

describe("a retracted story's addresses", () => {
  it("answer a malformed path 404 exactly as for a live story: the path's shape is decided first", async () => {
    const app = await freshApp();
    for (const suffix of [".json/anything", ".json/", ".json/x/y"]) {
      const live = await app.request(`/stories/story1${suffix}`);
      const retracted = await app.request(`/stories/story5${suffix}`);
      expect(live.status, suffix).toBe(404);
      expect(retracted.status, suffix).toBe(404);
      expect(retracted.headers.get("Cache-Control")).toBe(live.headers.get("Cache-Control"));
    }
  });

  it("answer 410 in JSON and in HTML through the one responder, with its Cache-Control", async () => {
    const app = await freshApp();
    const json = await app.request("/stories/story5.json");
    expect(json.status).toBe(410);
    expect(json.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(json.headers.get("Cache-Control")).toBe("public, max-age=300, stale-while-revalidate=3600");
    expect(await json.json()).toEqual({ error: "Gone: the story was retracted", status: 410 });
    const html = await app.request("/stories/story5/headline-number-5");
    expect(html.status).toBe(410);
    expect(html.headers.get("Cache-Control")).toBe(json.headers.get("Cache-Control"));
    const zipped = await app.request("/stories/story5.json", { headers: { "Accept-Encoding": "gzip" } });
    expect(zipped.headers.get("Content-Encoding")).toBe("gzip");
    expect(Number(zipped.headers.get("Content-Length"))).toBe((await zipped.arrayBuffer()).byteLength);
  });
});

describe("security headers", () => {
  it("sends none of the deprecated ones, on pages, feeds and errors", async () => {
    const app = await freshApp();
    for (const [path, init] of FAMILIES) {
      const res = await app.request(path, init);
      for (const name of [
        "X-XSS-Protection",
        "X-Download-Options",
        "X-Permitted-Cross-Domain-Policies",
        // Superseded by CSP frame-ancestors in every current browser.
        "X-Frame-Options",
      ]) {
        expect(res.headers.get(name), `${path} ${name}`).toBeNull();
      }
      expect(res.headers.get("X-Content-Type-Options"), path).toBe("nosniff");
      expect(res.headers.get("Referrer-Policy"), path).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("Cross-Origin-Opener-Policy"), path).toBe("same-origin");
      expect(res.headers.get("Content-Security-Policy"), path).toContain("frame-ancestors 'none'");
    }
  });

  it("lets the page fetch its own origin (connect-src 'self'), and nothing else beyond the stylesheet and images", async () => {
    const app = await freshApp();
    const csp = (await app.request("/")).headers.get("Content-Security-Policy")!;
    const directives = csp.split("; ").map((directive) => directive.split(" ")[0]);
    expect(directives).toEqual([
      "default-src",
      "style-src",
      "img-src",
      "connect-src",
      "base-uri",
      "form-action",
      "frame-ancestors",
      "require-trusted-types-for",
    ]);
    expect(csp).toContain("default-src 'none'; ");
    expect(csp).toContain("; connect-src 'self'; ");
    expect(csp).toContain("; img-src 'self' data:; ");
  });

  it("sends Strict-Transport-Security over https only (RFC 6797 §7.2)", async () => {
    const app = await freshApp();
    const secure = await app.request("https://news.example.org/");
    expect(secure.headers.get("Strict-Transport-Security")).toBe("max-age=31536000; includeSubDomains");
    const plain = await app.request("http://127.0.0.1:8787/");
    expect(plain.headers.get("Strict-Transport-Security")).toBeNull();
  });
});
