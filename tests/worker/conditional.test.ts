// The one conditional-GET decision (RFC 9110 §13.2.2) and the parsers it rests on.

import { describe, expect, it } from "vitest";
import { isNotModified, parseHttpDate, parseIfNoneMatch } from "../../src/worker/conditional";
import { acceptsGzip } from "../../src/worker/httpPolicy";

const ETAG = '"abc123"';
const MODIFIED = "Sat, 03 Jan 2026 09:30:00 GMT";
const ask = (headers: Record<string, string>) => isNotModified(new Headers(headers), ETAG, MODIFIED);

describe("parseIfNoneMatch", () => {
  it("reads lists of strong and weak tags, with spaces and empty elements (§5.6.1)", () => {
    expect(parseIfNoneMatch('"a", W/"b" ,,"c,d"')).toEqual(['"a"', 'W/"b"', '"c,d"']);
    expect(parseIfNoneMatch(" * ")).toEqual(["*"]);
  });

  it("refuses what is not a list of entity-tags", () => {
    for (const value of ['"a"x', '"a" "b"', "a", '"a', '""""', "W/a", '*, "a"', "", " , ", '"\u0000"']) {
      expect(parseIfNoneMatch(value), JSON.stringify(value)).toBeNull();
    }
  });

  it("refuses hostile values without backtracking (a backtracking pattern would hang here)", () => {
    for (const value of [
      " ".repeat(100_000) + "x",
      ",  ".repeat(50_000) + "x",
      '"a"  '.repeat(30_000) + "x",
    ]) {
      expect(parseIfNoneMatch(value)).toBeNull();
    }
  });
});

describe("parseHttpDate", () => {
  it("accepts IMF-fixdate and the two obsolete forms recipients must accept (§5.6.7)", () => {
    const instant = Date.UTC(1994, 10, 6, 8, 49, 37);
    expect(parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT")).toBe(instant);
    expect(parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT")).toBe(instant);
    expect(parseHttpDate("Sun Nov  6 08:49:37 1994")).toBe(instant);
  });

  it("refuses anything else, which If-Modified-Since then ignores (§13.1.3)", () => {
    for (const value of [
      "2026-01-03",
      "2026-01-03T09:30:00Z",
      "yesterday",
      "Sat, 03 Jan 2026 09:30:00 UTC",
      "",
    ]) {
      expect(parseHttpDate(value), value).toBeNaN();
    }
  });
});

describe("isNotModified", () => {
  it("answers 304 for a matching tag, weakly compared, in a list, or *", () => {
    for (const value of [ETAG, `W/${ETAG}`, `"x", ${ETAG}`, "*"])
      expect(ask({ "If-None-Match": value }), value).toBe(true);
    expect(ask({ "If-None-Match": '"other"' })).toBe(false);
  });

  it("gives a malformed If-None-Match the full response, never a 304 it did not ask for", () => {
    expect(ask({ "If-None-Match": `${ETAG}x` })).toBe(false);
    expect(ask({ "If-None-Match": `${ETAG} ${ETAG}` })).toBe(false);
  });

  it("lets If-None-Match decide alone when present (§13.2.2 step 3), If-Modified-Since otherwise", () => {
    expect(ask({ "If-None-Match": '"other"', "If-Modified-Since": MODIFIED })).toBe(false);
    expect(ask({ "If-None-Match": `${ETAG}x`, "If-Modified-Since": MODIFIED })).toBe(false);
    expect(ask({ "If-Modified-Since": MODIFIED })).toBe(true);
    expect(ask({ "If-Modified-Since": "Sat, 03 Jan 2026 09:29:59 GMT" })).toBe(false);
    expect(ask({ "If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT" })).toBe(true);
    expect(ask({ "If-Modified-Since": "2100-01-01" })).toBe(false);
    expect(ask({})).toBe(false);
  });
});

describe("acceptsGzip", () => {
  it("follows q-values and * (§12.5.3); no header means identity", () => {
    for (const value of ["gzip", "br, gzip", "x-gzip", "*", "gzip;q=0.5, br", "GZIP"])
      expect(acceptsGzip(value), value).toBe(true);
    for (const value of [null, "", "identity", "br", "gzip;q=0", "*;q=0", "gzip;q=0, *"]) {
      expect(acceptsGzip(value), String(value)).toBe(false);
    }
  });
});
