// A request fuzzer: random methods, paths, queries and headers never get a 5xx, an exception, a body on a
// 304 or HEAD, an undocumented content type, reflected input, or a redirect off our own paths.

import fc from "fast-check";
import { exports } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/worker/createApp";
import { contentOf, makeSite, makeStories } from "../fixtures/stories";

const CONTENT_TYPES = new Set([
  "application/rss+xml; charset=utf-8",
  "application/atom+xml; charset=utf-8",
  "application/feed+json; charset=utf-8",
  "text/html; charset=utf-8",
  "application/json",
  "application/json; charset=utf-8",
  "application/xml; charset=utf-8",
  "text/x-opml; charset=utf-8",
  "application/opensearchdescription+xml; charset=utf-8",
  "text/plain; charset=utf-8",
  "text/plain; charset=UTF-8",
]);
const MARKER = "<script>zz</script>";

const segment = fc.oneof(
  fc.constantFrom(
    "feed.xml",
    "atom.xml",
    "feed.json",
    "stories",
    "story1",
    "headline-number-1",
    "archive",
    "1",
    "2",
    "page",
    "story1.json",
    "sitemap.xml",
    "news-sitemap.xml",
    "robots.txt",
    "feeds",
    "feeds.opml",
    "tags",
    "world",
    "search",
    "opensearch.xml",
  ),
  fc.constantFrom(
    "..",
    ".",
    "",
    "%2e%2e",
    "%2F",
    "%00",
    "%zz",
    "%",
    "%E0%A4%A",
    "%C3%BC",
    "ü",
    "🦄",
    "%F0%9F%A6%84",
    "a".repeat(400),
  ),
  fc.constantFrom(
    encodeURIComponent(MARKER),
    "%3Cscript%3E",
    "\\",
    "//evil.example",
    "%2F%2Fevil.example",
    "@evil",
  ),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
);
const path = fc
  .tuple(fc.array(segment, { maxLength: 6 }), fc.boolean())
  .map(([parts, slash]) => `/${parts.join("/")}${slash ? "/" : ""}`);
/** Search queries a hostile or careless client sends (issue 13's list), as `q` values. */
const HOSTILE_QUERIES = [
  "",
  "   ",
  "x".repeat(10_000),
  Array.from({ length: 1000 }, (_, i) => `word${i}`).join(" "),
  MARKER,
  '"" \' OR 1=1 -- AND NOT',
  "\u0000\u0001\u001f nul",
  "the of and to a",
  "headline",
];
const query = fc.option(
  fc.oneof(
    fc.constant(`q=${encodeURIComponent(MARKER)}`),
    fc.string({ maxLength: 20 }).map(encodeURIComponent),
    fc.constantFrom(...HOSTILE_QUERIES).map((q) => `q=${encodeURIComponent(q)}`),
    fc.constantFrom(
      "q=%ZZ",
      "q=%",
      "q=%E0%A4%A",
      "q=a&q=b",
      "q=a&sort=date&page=2",
      "q=a&page=0",
      "q=a&page=99999",
    ),
    fc
      .tuple(fc.string({ maxLength: 30 }), fc.constantFrom("", "&sort=date", "&page=3", "&sort=x"))
      .map(([q, rest]) => `q=${encodeURIComponent(q)}${rest}`),
  ),
);
// workerd's Request constructor refuses methods it does not know (and the fetch spec forbids TRACE and
// CONNECT), so the odd methods here are registered WebDAV ones, as scanners send.
const method = fc.constantFrom(
  "GET",
  "GET",
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "DELETE",
  "PATCH",
  "OPTIONS",
  "PROPFIND",
  "MKCOL",
);
const headerValue = fc.oneof(
  fc.string({ maxLength: 30 }).map((s) => s.replace(/[^\x20-\x7e]/g, "")),
  fc.constantFrom(
    '"',
    '""',
    "*",
    'W/"',
    'W/"x", *',
    "bytes=0-10",
    "bytes=-1",
    "\t",
    "x".repeat(8000),
    MARKER,
  ),
);
const headers = fc.record(
  {
    "If-None-Match": headerValue,
    "If-Modified-Since": fc.oneof(
      headerValue,
      fc.constantFrom("Sat, 03 Jan 2026 09:30:00 GMT", "Sun, 99 Foo 99999 99:99:99 GMT"),
    ),
    Range: headerValue,
    Accept: fc.oneof(
      headerValue,
      fc.constantFrom("application/json", "*/*;q=", ";;;", "text/html;q=0, application/feed+json"),
    ),
    "Accept-Encoding": fc.oneof(
      headerValue,
      fc.constantFrom("gzip", "br", "gzip;q=0", "identity;q=0", "*;q=x"),
    ),
    Origin: headerValue,
  },
  { requiredKeys: [] },
);
const request = fc.record({ method, path, query, headers });

function canParse(url: string): boolean {
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

function check(res: Response, body: string, method: string): void {
  expect(res.status).toBeLessThan(500);
  if (res.status === 304 || method === "HEAD") expect(body).toBe("");
  const type = res.headers.get("Content-Type");
  if (type !== null) expect(CONTENT_TYPES).toContain(type);
  expect(body).not.toContain(MARKER);
  expect(body).not.toContain("zz</script>");
  const location = res.headers.get("Location");
  if (location !== null)
    expect(location).toMatch(
      /^\/(?:stories\/story\d+\/headline-number-\d+|tags\/world(?:\/[a-z.]+)?|search(?:\/[a-z.]+)?(?:\?[\w%+.*&=-]*)?)?$/,
    );
  expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
  expect(res.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
  // No internal detail (stack, module path) in any answer.
  expect(body).not.toMatch(/\bat .*\.(?:ts|js):\d+|node_modules|src\/worker/);
}

describe("request fuzzer", () => {
  let errors: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    errors = vi.spyOn(console, "error");
  });
  afterEach(() => {
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  it("through app.fetch: never a 5xx, an exception, a body on 304/HEAD or reflected input", async () => {
    const app = await createApp(
      contentOf(
        makeStories(12, (n) => (n % 3 === 0 ? { tags: ["World"] } : {})),
        5,
      ),
      makeSite(),
    );
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const url = `http://example.com${r.path}${r.query === null ? "" : `?${r.query}`}`;
        fc.pre(canParse(url));
        const res = await app.request(url, { method: r.method, headers: r.headers });
        check(res, await res.text(), r.method);
      }),
      { numRuns: 400 },
    );
  });

  it("through the Worker entry in workerd", async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const url = `http://example.com${r.path}${r.query === null ? "" : `?${r.query}`}`;
        fc.pre(canParse(url));
        const res = await exports.default.fetch(new Request(url, { method: r.method, headers: r.headers }));
        check(res, await res.text(), r.method);
      }),
      { numRuns: 200 },
    );
  });
});
