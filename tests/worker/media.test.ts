// /media/<name> through the whole app in workerd: objects in the local R2 bucket, the Workers Cache
// API in front. Every answer is checked cold (read from R2) and warm (from the cache, no R2 read).

import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp, type App } from "../../src/worker/createApp";
import { makeContent, makeSite } from "../fixtures/stories";

afterEach(() => vi.restoreAllMocks());

const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * A fresh name of the build's form (`<16 hex>-<variant>.<ext>`): the edge cache lasts for the
 * whole file, so no two tests may share an object.
 */
function freshName(extension = "webp"): string {
  return `${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}-960.${extension}`;
}

/** `size` deterministic bytes, different at every offset of a 64 KiB window (so a misplaced range shows). */
function bytesOf(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i ^ (i >>> 8) ^ (i >>> 16) ^ 0x5a) & 0xff;
  return bytes;
}

/** Puts `bytes` under a fresh name with `type` as its stored Content-Type; the name and the object. */
async function stored(
  bytes: Uint8Array,
  type = "image/webp",
  name = freshName(),
): Promise<{ name: string; object: R2Object }> {
  const object = await env.MEDIA.put(name, bytes, { httpMetadata: { contentType: type } });
  return { name, object: object! };
}

/** The real bucket behind a wrapper that records every call made on it. */
function countedBucket(): { bucket: R2Bucket; calls: string[] } {
  const calls: string[] = [];
  const real = env.MEDIA;
  const bucket = new Proxy(real, {
    get(target, property) {
      const value = Reflect.get(target, property) as unknown;
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.push(String(property));
        return (value as (...args: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { bucket, calls };
}

/** A fresh app whose media come from `bucket`, through `caches.default`. */
function appOver(bucket: R2Bucket): Promise<App> {
  return createApp(makeContent(1), makeSite(), { media: { bucket, cache: caches.default } });
}

/** Sends one request through `app` and lets its background work (the cache fill) finish. */
async function send(
  app: App,
  path: string,
  init: RequestInit = {},
): Promise<{ res: Response; body: Uint8Array }> {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`https://media.example.org${path}`, init), env, ctx);
  // Read before waiting: the cache copy of a plain GET is the other half of the client's stream.
  const body = new Uint8Array(await res.arrayBuffer());
  await waitOnExecutionContext(ctx);
  return { res, body };
}

/** Sends `path` twice: cold (asserting R2 was read) then warm (asserting it was not), both checked by `check`. */
async function coldThenWarm(
  app: App,
  calls: string[],
  path: string,
  init: RequestInit,
  check: (res: Response, body: Uint8Array, when: string) => void | Promise<void>,
): Promise<void> {
  const cold = await send(app, path, init);
  expect(calls.length, "the cold request reads R2").toBeGreaterThan(0);
  await check(cold.res, cold.body, "cold");
  calls.length = 0;
  const warm = await send(app, path, init);
  expect(calls, "the warm request makes no R2 call").toEqual([]);
  await check(warm.res, warm.body, "warm");
}

describe("GET and HEAD of a stored object", () => {
  it("answers 200 with its exact bytes, stored type, length, the object's strong ETag and a year's immutable caching", async () => {
    const bytes = bytesOf(3000);
    const { name, object } = await stored(bytes);
    const { bucket, calls } = countedBucket();
    const app = await appOver(bucket);

    const cold = await send(app, `/media/${name}`);
    // A plain GET reads the object once, for the client and the cache together.
    expect(calls).toEqual(["get"]);
    calls.length = 0;
    const warm = await send(app, `/media/${name}`);
    expect(calls).toEqual([]);
    for (const [when, { res, body }] of Object.entries({ cold, warm })) {
      expect(res.status, when).toBe(200);
      expect(body, when).toEqual(bytes);
      expect(res.headers.get("Content-Type"), when).toBe("image/webp");
      expect(res.headers.get("Content-Length"), when).toBe("3000");
      expect(res.headers.get("ETag"), when).toBe(object.httpEtag);
      expect(res.headers.get("ETag"), when).toMatch(/^"[^"]+"$/);
      expect(res.headers.get("Cache-Control"), when).toBe(IMMUTABLE);
      expect(res.headers.get("Accept-Ranges"), when).toBe("bytes");
      expect(res.headers.get("X-Content-Type-Options"), when).toBe("nosniff");
      expect(res.headers.get("Content-Range"), when).toBeNull();
    }
  });

  it("sends the stored Content-Type even where the extension says otherwise, never a sniffed one", async () => {
    // PNG's signature under a .jpg name, stored as WebP: the stored type wins.
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const { name } = await stored(png, "image/webp", freshName("jpg"));
    const { bucket, calls } = countedBucket();
    const app = await appOver(bucket);
    await coldThenWarm(app, calls, `/media/${name}`, {}, (res, body, when) => {
      expect(res.status, when).toBe(200);
      expect(body, when).toEqual(png);
      expect(res.headers.get("Content-Type"), when).toBe("image/webp");
      expect(res.headers.get("X-Content-Type-Options"), when).toBe("nosniff");
    });
  });

  it("answers HEAD with the GET's headers and no body, cold and warm", async () => {
    const bytes = bytesOf(1234);
    const { name, object } = await stored(bytes, "image/avif");
    const { bucket, calls } = countedBucket();
    const app = await appOver(bucket);
    const check = (res: Response, body: Uint8Array, when: string) => {
      expect(res.status, when).toBe(200);
      expect(res.body, when).toBeNull();
      expect(body.byteLength, when).toBe(0);
      expect(res.headers.get("Content-Type"), when).toBe("image/avif");
      expect(res.headers.get("Content-Length"), when).toBe("1234");
      expect(res.headers.get("ETag"), when).toBe(object.httpEtag);
      expect(res.headers.get("Cache-Control"), when).toBe(IMMUTABLE);
      expect(res.headers.get("Accept-Ranges"), when).toBe("bytes");
      expect(res.headers.get("X-Content-Type-Options"), when).toBe("nosniff");
      expect(res.headers.get("Content-Range"), when).toBeNull();
    };
    // A HEAD alone reads only what the object is, never its bytes.
    const cold = await send(app, `/media/${name}`, { method: "HEAD" });
    expect(calls).toEqual(["head"]);
    check(cold.res, cold.body, "cold");
    // Once a GET has filled the cache, HEAD (with or without Range, §14.2: GET only) costs no R2 call.
    await send(app, `/media/${name}`);
    calls.length = 0;
    check((await send(app, `/media/${name}`, { method: "HEAD" })).res, new Uint8Array(), "warm");
    const ranged = await send(app, `/media/${name}`, { method: "HEAD", headers: { Range: "bytes=0-9" } });
    check(ranged.res, ranged.body, "warm, with Range");
    expect(calls).toEqual([]);
  });
});

describe("conditional requests (RFC 9110 §13)", () => {
  for (const form of ["exact", "weak", "*"] as const) {
    it(`answers If-None-Match (${form}) with 304, the ETag and Cache-Control, cold and warm`, async () => {
      const { name, object } = await stored(bytesOf(500));
      const { bucket, calls } = countedBucket();
      const app = await appOver(bucket);
      const tag = { exact: object.httpEtag, weak: `W/${object.httpEtag}`, "*": "*" }[form];
      const conditional = { headers: { "If-None-Match": tag } };
      const check = (res: Response, body: Uint8Array, when: string) => {
        expect(res.status, when).toBe(304);
        expect(body.byteLength, when).toBe(0);
        expect(res.headers.get("ETag"), when).toBe(object.httpEtag);
        expect(res.headers.get("Cache-Control"), when).toBe(IMMUTABLE);
      };
      const cold = await send(app, `/media/${name}`, conditional);
      // Only what the object is: a 304 needs none of its bytes.
      expect(calls).toEqual(["head"]);
      check(cold.res, cold.body, "cold");
      await send(app, `/media/${name}`);
      calls.length = 0;
      const warm = await send(app, `/media/${name}`, conditional);
      expect(calls).toEqual([]);
      check(warm.res, warm.body, "warm");
    });
  }

  it("answers 200 to If-None-Match with another tag", async () => {
    const bytes = bytesOf(64);
    const { name } = await stored(bytes);
    const { bucket, calls } = countedBucket();
    const app = await appOver(bucket);
    await coldThenWarm(
      app,
      calls,
      `/media/${name}`,
      { headers: { "If-None-Match": '"other"' } },
      (res, body, when) => {
        expect(res.status, when).toBe(200);
        expect(body, when).toEqual(bytes);
      },
    );
  });

  it("answers a non-matching If-Match with 412 and a matching one with the object", async () => {
    const bytes = bytesOf(64);
    const { name, object } = await stored(bytes);
    const { bucket, calls } = countedBucket();
    const app = await appOver(bucket);
    const failing = { headers: { "If-Match": '"other"' } };
    const cold = await send(app, `/media/${name}`, failing);
    expect(calls).toEqual(["head"]);
    await send(app, `/media/${name}`);
    calls.length = 0;
    const warm = await send(app, `/media/${name}`, failing);
    expect(calls).toEqual([]);
    for (const [when, { res, body }] of Object.entries({ cold, warm })) {
      expect(res.status, when).toBe(412);
      expect(body.byteLength, when).toBe(0);
      // It answers the request's If-Match, not the URL: no shared cache may keep it.
      expect(res.headers.get("Cache-Control"), when).toBe("no-store");
      expect(res.headers.get("ETag"), when).toBeNull();
    }
    const matching = await send(app, `/media/${name}`, { headers: { "If-Match": object.httpEtag } });
    expect(calls).toEqual([]);
    expect(matching.res.status).toBe(200);
    expect(matching.body).toEqual(bytes);
  });
});

describe("ranges (RFC 9110 §14)", () => {
  const SIZE = 100;
  const cases = [
    { range: "bytes=0-9", start: 0, end: 9 },
    { range: "bytes=10-", start: 10, end: 99 },
    { range: "bytes=-5", start: 95, end: 99 },
    { range: "bytes=90-1000", start: 90, end: 99 },
  ];
  for (const { range, start, end } of cases) {
    it(`answers ${range} with 206, bytes ${start}-${end} exactly, cold and warm`, async () => {
      const bytes = bytesOf(SIZE);
      const { name, object } = await stored(bytes);
      const { bucket, calls } = countedBucket();
      const app = await appOver(bucket);
      await coldThenWarm(app, calls, `/media/${name}`, { headers: { Range: range } }, (res, body, when) => {
        expect(res.status, when).toBe(206);
        expect(body, when).toEqual(bytes.slice(start, end + 1));
        expect(res.headers.get("Content-Range"), when).toBe(`bytes ${start}-${end}/${SIZE}`);
        expect(res.headers.get("Content-Length"), when).toBe(String(end - start + 1));
        expect(res.headers.get("Content-Type"), when).toBe("image/webp");
        expect(res.headers.get("ETag"), when).toBe(object.httpEtag);
        expect(res.headers.get("Accept-Ranges"), when).toBe("bytes");
      });
    });
  }

  it("answers a range past the end with 416 and Content-Range bytes */size, cold and warm", async () => {
    const { name } = await stored(bytesOf(SIZE));
    const { bucket, calls } = countedBucket();
    const app = await appOver(bucket);
    // Cold: the 416 itself reads only what the object is, so fill the cache with a GET first for the warm run.
    const cold = await send(app, `/media/${name}`, { headers: { Range: "bytes=100-" } });
    expect(calls).toEqual(["head"]);
    await send(app, `/media/${name}`);
    calls.length = 0;
    const warm = await send(app, `/media/${name}`, { headers: { Range: "bytes=100-" } });
    expect(calls).toEqual([]);
    for (const [when, { res, body }] of Object.entries({ cold, warm })) {
      expect(res.status, when).toBe(416);
      expect(res.headers.get("Content-Range"), when).toBe(`bytes */${SIZE}`);
      expect(res.headers.get("Cache-Control"), when).toBe("no-store");
      expect(body.byteLength, when).toBe(0);
    }
  });

  it("answers two ranges with the whole object, 200", async () => {
    const bytes = bytesOf(SIZE);
    const { name } = await stored(bytes);
    const { bucket, calls } = countedBucket();
    const app = await appOver(bucket);
    await coldThenWarm(
      app,
      calls,
      `/media/${name}`,
      { headers: { Range: "bytes=0-1,5-6" } },
      (res, body, when) => {
        expect(res.status, when).toBe(200);
        expect(body, when).toEqual(bytes);
        expect(res.headers.get("Content-Range"), when).toBeNull();
        expect(res.headers.get("Content-Length"), when).toBe(String(SIZE));
      },
    );
  });

  it("honours If-Range: the range for the object's ETag, the whole object for another", async () => {
    const bytes = bytesOf(SIZE);
    const { name, object } = await stored(bytes);
    const { bucket, calls } = countedBucket();
    const app = await appOver(bucket);
    const matching = { headers: { Range: "bytes=3-7", "If-Range": object.httpEtag } };
    await coldThenWarm(app, calls, `/media/${name}`, matching, (res, body, when) => {
      expect(res.status, when).toBe(206);
      expect(body, when).toEqual(bytes.slice(3, 8));
      expect(res.headers.get("Content-Range"), when).toBe(`bytes 3-7/${SIZE}`);
    });

    const other = await stored(bytes);
    calls.length = 0;
    const mismatch = { headers: { Range: "bytes=3-7", "If-Range": '"not-this-one"' } };
    await coldThenWarm(app, calls, `/media/${other.name}`, mismatch, (res, body, when) => {
      expect(res.status, when).toBe(200);
      expect(body, when).toEqual(bytes);
      expect(res.headers.get("Content-Range"), when).toBeNull();
    });
  });

  it("serves a 16-byte range 10 MiB into a 20 MiB object, cold and warm", async () => {
    const bytes = bytesOf(20 * 1024 * 1024);
    const { name } = await stored(bytes, "video/mp4", freshName("mp4"));
    const { bucket, calls } = countedBucket();
    const app = await appOver(bucket);
    const start = 10 * 1024 * 1024;
    const range = { headers: { Range: `bytes=${start}-${start + 15}` } };
    await coldThenWarm(app, calls, `/media/${name}`, range, (res, body, when) => {
      expect(res.status, when).toBe(206);
      expect(body, when).toEqual(bytes.slice(start, start + 16));
      expect(res.headers.get("Content-Range"), when).toBe(`bytes ${start}-${start + 15}/${bytes.byteLength}`);
      expect(res.headers.get("Content-Length"), when).toBe("16");
    });
  });
});

describe("one cached copy per object", () => {
  it("serves /media/<name>?a=1 after /media/<name> from the cache", async () => {
    const bytes = bytesOf(200);
    const { name } = await stored(bytes);
    const { bucket, calls } = countedBucket();
    const app = await appOver(bucket);
    await send(app, `/media/${name}`);
    calls.length = 0;
    for (const query of ["?a=1", "?b=2&c", "?"]) {
      const { res, body } = await send(app, `/media/${name}${query}`);
      expect(res.status, query).toBe(200);
      expect(body, query).toEqual(bytes);
    }
    expect(calls).toEqual([]);
  });

  it("fills the cache from a cold range request, so the whole object is then served without R2", async () => {
    const bytes = bytesOf(300);
    const { name } = await stored(bytes);
    const { bucket, calls } = countedBucket();
    const app = await appOver(bucket);
    await send(app, `/media/${name}`, { headers: { Range: "bytes=0-0" } });
    calls.length = 0;
    const whole = await send(app, `/media/${name}`);
    expect(calls).toEqual([]);
    expect(whole.res.status).toBe(200);
    expect(whole.body).toEqual(bytes);
  });
});

describe("names that are not served", () => {
  it("answers a well-formed name missing from the bucket with 404, and logs it once", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { bucket, calls } = countedBucket();
    const app = await appOver(bucket);
    const name = freshName();
    for (let i = 0; i < 2; i++) {
      const { res } = await send(app, `/media/${name}`);
      expect(res.status).toBe(404);
      expect(res.headers.get("Cache-Control")).not.toBe(IMMUTABLE);
    }
    // Each request asked the bucket: a missing file's 404 is not replayed from memory.
    expect(calls).toEqual(["get", "get"]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain(name);
  });

  it("finds a file uploaded after its 404 (a repair) at the same address", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const { bucket } = countedBucket();
    const app = await appOver(bucket);
    const name = freshName();
    expect((await send(app, `/media/${name}`)).res.status).toBe(404);
    const bytes = bytesOf(32);
    await env.MEDIA.put(name, bytes, { httpMetadata: { contentType: "image/jpeg" } });
    const found = await send(app, `/media/${name}`);
    expect(found.res.status).toBe(200);
    expect(found.body).toEqual(bytes);
  });

  it("answers a name not of the build's form with 404 and no R2 call", async () => {
    const { bucket, calls } = countedBucket();
    const app = await appOver(bucket);
    for (const path of [
      "/media/..%2f",
      "/media/..%2f..%2fsecret",
      "/media/abc.jpg",
      "/media/0123456789ABCDEF-960.webp",
      "/media/0123456789abcdef-960.webp/x",
      "/media/0123456789abcdef-960",
      "/media/",
      "/media",
    ]) {
      const { res } = await send(app, path);
      expect(res.status, path).toBe(404);
    }
    expect(calls).toEqual([]);
  });
});

describe("an R2 failure", () => {
  /** A bucket whose every read fails as R2 does, with an internal message that must not reach the client. */
  function failingBucket(): R2Bucket {
    const fail = async (): Promise<never> => {
      throw new Error("get: internal error at /internal/r2/shard-7 (10001)");
    };
    return { ...env.MEDIA, get: fail, head: fail } as unknown as R2Bucket;
  }

  for (const [label, init] of [
    ["GET", {}],
    ["HEAD", { method: "HEAD" }],
    ["a range request", { headers: { Range: "bytes=0-9" } }],
    ["a conditional request", { headers: { "If-None-Match": '"x"' } }],
  ] as const) {
    it(`answers ${label} with 503, Retry-After and no-store, never 500 or the cause`, async () => {
      const errors = vi.spyOn(console, "error").mockImplementation(() => {});
      const app = await appOver(failingBucket());
      const { res, body } = await send(app, `/media/${freshName()}`, init);
      expect(res.status).toBe(503);
      expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(0);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      expect(res.headers.get("ETag")).toBeNull();
      const text = new TextDecoder().decode(body);
      expect(text).not.toMatch(/internal|shard|Error|\bat /);
      expect(errors).toHaveBeenCalled();
    });
  }
});

describe("methods", () => {
  for (const method of ["POST", "PUT", "DELETE"]) {
    it(`answers ${method} with 405 and Allow, touching no object`, async () => {
      const { name } = await stored(bytesOf(10));
      const { bucket, calls } = countedBucket();
      const app = await appOver(bucket);
      const { res } = await send(app, `/media/${name}`, { method, body: method === "DELETE" ? null : "x" });
      expect(res.status).toBe(405);
      expect(res.headers.get("Allow")).toMatch(/\bGET\b.*\bHEAD\b/);
      expect(calls).toEqual([]);
      expect(await env.MEDIA.head(name)).not.toBeNull();
    });
  }
});

describe("the Worker entry", () => {
  it("serves an object put into the MEDIA binding at /media/<name>", async () => {
    const bytes = bytesOf(777);
    const { name, object } = await stored(bytes, "image/jpeg", freshName("jpg"));
    const res = await exports.default.fetch(new Request(`http://example.com/media/${name}`));
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
    expect(res.headers.get("Content-Type")).toBe("image/jpeg");
    expect(res.headers.get("ETag")).toBe(object.httpEtag);
  });
});
