import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/worker/createApp";
import { makeContent, makeSite } from "../fixtures/stories";

const PATHS = [
  "/",
  "/feed.xml",
  "/atom.xml",
  "/feed.json",
  "/archive/1/feed.json",
  "/stories/story4/headline-number-4",
  "/nope",
  "/page/2",
];

async function snapshot(res: Response) {
  return {
    status: res.status,
    headers: [...res.headers].sort(),
    body: new Uint8Array(await res.arrayBuffer()),
  };
}

async function app() {
  return createApp(makeContent(45, 10), makeSite({ feedSize: 5 }));
}

describe("response cache", () => {
  it("answers every request exactly as the full middleware chain does", async () => {
    const warm = await app();
    // Validators of the real responses, so conditional requests sometimes match.
    const validators: string[] = [];
    for (const path of PATHS) {
      for (const encoding of ["gzip", ""]) {
        const res = await warm.request(path, { headers: { "Accept-Encoding": encoding } });
        validators.push(res.headers.get("ETag") ?? "", res.headers.get("Last-Modified") ?? "");
      }
    }
    const request = fc.record({
      path: fc.constantFrom(...PATHS),
      method: fc.constantFrom("GET", "HEAD"),
      encoding: fc.constantFrom("gzip", "br, gzip", "identity", "gzip;q=0", "", "*"),
      accept: fc.constantFrom(undefined, "application/json", "text/html", "application/feed+json, text/html"),
      ifNoneMatch: fc.option(
        fc.oneof(
          fc.constantFrom(...validators.filter((v) => v.startsWith('"')), "*", '"nope"', 'W/"x", "y"'),
          fc.string(),
        ),
      ),
      ifModifiedSince: fc.option(
        fc.oneof(
          fc.constantFrom(...validators.filter((v) => v.endsWith("GMT")), "Fri, 01 Jan 2100 00:00:00 GMT"),
          fc.string(),
        ),
      ),
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers: Record<string, string> = { "Accept-Encoding": r.encoding };
        if (r.accept !== undefined) headers.Accept = r.accept;
        if (r.ifNoneMatch !== null) headers["If-None-Match"] = r.ifNoneMatch;
        if (r.ifModifiedSince !== null) headers["If-Modified-Since"] = r.ifModifiedSince;
        const init = { method: r.method, headers };
        const cold = await app();
        const expected = await snapshot(await cold.request(r.path, init));
        // Twice on the warm app: the first may fill the cache, the second must replay it.
        await snapshot(await warm.request(r.path, init));
        expect(await snapshot(await warm.request(r.path, init))).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });
});
