// Photos (and any media file the build stores) under /media/<name>, read from R2 and kept in the
// edge cache: the bytes never change under a name, so a copy is good for a year and a repeated
// request costs no R2 read. Ranges and conditionals per RFC 9110 (see byteRange.ts).

import type { Context } from "hono";
import { answerFor, type Answer, type ByteRange } from "../byteRange";
import { CACHE_CONTROL, RETRY_AFTER_SECONDS } from "../httpPolicy";
import type { Responder } from "../respond";
import { routeGroup } from "./routeKit";

/** Where media files are: the R2 bucket the build's files are uploaded to, and the edge cache. */
export interface MediaStore {
  readonly bucket: R2Bucket;
  /** The Workers Cache API (`caches.default`); null where there is none. */
  readonly cache: Cache | null;
}

/**
 * The names the build gives media files: a content hash, a variant, an
 * extension (`3f2a…-960.webp`). Anything else is not ours and answers 404
 * without an R2 read.
 */
const MEDIA_NAME = /^[0-9a-f]{16}-[a-z0-9]{1,16}\.[a-z0-9]{1,8}$/;

/** Most missing names logged per isolate: each once, and a scan of made-up names cannot flood the log. */
const LOGGED_MAX = 1000;

/** What the stored object says of itself: what every answer's headers are made from. */
interface Meta {
  readonly size: number;
  readonly etag: string;
  readonly type: string;
}

/** The media routes: GET and HEAD of `/media/<name>` from `store`; a name not of ours is `respond.notFound`. */
export function mediaRoutes(store: MediaStore, respond: Responder) {
  const { app, resource } = routeGroup();
  const logged = new Set<string>();

  resource("/media/:name", async (c) => {
    const name = c.req.param("name") ?? "";
    if (!MEDIA_NAME.test(name)) return respond.notFound(c);
    try {
      const answer = await serve(c, store, name);
      if (answer) return answer;
    } catch (error) {
      console.error(
        `media ${name}: R2 read failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return c.text(
        "Service Unavailable: the photo store cannot be read right now; try again shortly.\n",
        503,
        {
          "Retry-After": String(RETRY_AFTER_SECONDS),
          "Cache-Control": CACHE_CONTROL.none,
        },
      );
    }
    if (logged.size < LOGGED_MAX && !logged.has(name)) {
      logged.add(name);
      console.warn(`media ${name}: not in the bucket (a page links a file never uploaded?)`);
    }
    // Not the site's 404 page, which the Worker replays from memory for the served state: a file
    // uploaded after this answer (a repair) must be found by the next request.
    return c.text("Not Found: no such media file.\n", 404, { "Cache-Control": CACHE_CONTROL.notFound });
  });
  return app;
}

/** The answer for `name`, or null when the bucket has no such object. */
async function serve(c: Context, { bucket, cache }: MediaStore, name: string): Promise<Response | null> {
  const get = c.req.method === "GET";
  const headers = c.req.raw.headers;
  // The query string names nothing: one copy per file.
  const key = new URL(`/media/${name}`, c.req.url).href;
  const hit = await cache?.match(key);
  const meta = hit?.body ? metaOf(hit.headers) : null;
  // A copy without its length or ETag (never stored so) is not trusted: read the bucket instead.
  if (hit?.body && !meta) await hit.body.cancel();
  if (hit?.body && meta) {
    const answer = answerFor(headers, meta.size, meta.etag, get);
    if (answer.status === 206) {
      await hit.body.cancel();
      // The cache cuts the range itself (a Range on match answers 206 from the stored copy).
      const part = await cache!.match(new Request(key, { headers: { Range: rangeValue(answer.range) } }));
      if (part?.status === 206 && part.body) return respond(meta, answer, part.body);
      await part?.body?.cancel();
      return fromBucket(c, bucket, cache, key, name, { meta, answer });
    }
    if (get && answer.status === 200) return respond(meta, answer, hit.body);
    await hit.body.cancel();
    return respond(meta, answer, null);
  }
  return fromBucket(c, bucket, cache, key, name, null);
}

/**
 * The answer read from the bucket. A plain GET reads the object once, for the
 * client and the cache together; HEAD, and a GET that asks for a range or a
 * condition, first reads what the object is (HEAD is one R2 operation) and
 * then only the bytes the answer sends, the cache filled in the background.
 */
async function fromBucket(
  c: Context,
  bucket: R2Bucket,
  cache: Cache | null,
  key: string,
  name: string,
  known: { meta: Meta; answer: Answer } | null,
): Promise<Response | null> {
  const headers = c.req.raw.headers;
  const get = c.req.method === "GET";
  const conditional = ["Range", "If-Match", "If-None-Match"].some((header) => headers.has(header));
  if (get && !conditional && !known) {
    const object = await bucket.get(name);
    if (!object) return null;
    return whole(c, cache, key, metaFromObject(object), object.body);
  }
  let meta = known?.meta;
  if (!meta) {
    const head = await bucket.head(name);
    if (!head) return null;
    meta = metaFromObject(head);
  }
  const answer = known?.answer ?? answerFor(headers, meta.size, meta.etag, get);
  if (!get || (answer.status !== 200 && answer.status !== 206)) return respond(meta, answer, null);
  const object = await bucket.get(name, {
    ...(answer.status === 206
      ? { range: { offset: answer.range.start, length: answer.range.end - answer.range.start + 1 } }
      : {}),
    // The object must still be the one `meta` describes, or the bytes would not match its headers.
    onlyIf: { etagMatches: meta.etag.slice(1, -1) },
  });
  if (!object) return null;
  if (!("body" in object)) throw new Error("the object changed while it was read");
  if (answer.status === 200) return whole(c, cache, key, meta, object.body);
  // Only the range was read: the whole object goes to the cache in the background, for the next range.
  if (cache && !known) {
    c.executionCtx.waitUntil(
      bucket
        .get(name)
        .then((object) => (object ? store(cache, key, metaFromObject(object), object.body) : undefined)),
    );
  }
  return respond(meta, answer, object.body);
}

/** The whole object, 200, its bytes going to the client and the edge cache together. */
function whole(c: Context, cache: Cache | null, key: string, meta: Meta, body: ReadableStream): Response {
  const [client, stored] = body.tee();
  c.executionCtx.waitUntil(store(cache, key, meta, stored));
  return respond(meta, { status: 200 }, client);
}

/** Stores the whole object in the edge cache as it streams by (the stream is consumed either way). */
async function store(cache: Cache | null, key: string, meta: Meta, body: ReadableStream): Promise<void> {
  if (!cache) return body.cancel();
  try {
    await cache.put(key, new Response(sized(body, meta.size), { headers: storedHeaders(meta) }));
  } catch (error) {
    console.error(`media cache put failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The response: headers for `answer` and, for 200 and 206, `body`. */
function respond(meta: Meta, answer: Answer, body: ReadableStream | null): Response {
  // 412 and 416 answer the request's headers, not the URL: a shared cache keyed by URL must not
  // keep them for other requests.
  if (answer.status === 416) {
    const headers = { "Content-Range": `bytes */${meta.size}`, "Cache-Control": CACHE_CONTROL.none };
    return new Response(null, { status: 416, headers });
  }
  if (answer.status === 412)
    return new Response(null, { status: 412, headers: { "Cache-Control": CACHE_CONTROL.none } });
  // A 304 carries what the 200 would of ETag and Cache-Control (RFC 9110 §15.4.5).
  const headers = new Headers({ ETag: meta.etag, "Cache-Control": CACHE_CONTROL.immutable });
  if (answer.status === 304) return new Response(null, { status: 304, headers });
  headers.set("Content-Type", meta.type);
  headers.set("Accept-Ranges", "bytes");
  const length = answer.status === 206 ? answer.range.end - answer.range.start + 1 : meta.size;
  headers.set("Content-Length", String(length));
  if (answer.status === 206)
    headers.set("Content-Range", `bytes ${answer.range.start}-${answer.range.end}/${meta.size}`);
  return new Response(body ? sized(body, length) : null, { status: answer.status, headers });
}

/** A body of known length, so the answer carries Content-Length rather than chunks. */
function sized(body: ReadableStream, length: number): ReadableStream {
  const fixed = new FixedLengthStream(length);
  void body.pipeTo(fixed.writable).catch(() => {});
  return fixed.readable;
}

/** The headers kept with the cached copy: all a later answer needs. */
function storedHeaders(meta: Meta): HeadersInit {
  return {
    "Content-Type": meta.type,
    "Content-Length": String(meta.size),
    ETag: meta.etag,
    "Cache-Control": CACHE_CONTROL.immutable,
  };
}

function metaOf(headers: Headers): Meta | null {
  const length = headers.get("Content-Length");
  const etag = headers.get("ETag");
  if (length === null || !/^\d{1,15}$/.test(length) || etag === null) return null;
  return { size: Number(length), etag, type: headers.get("Content-Type") ?? "application/octet-stream" };
}

function metaFromObject(object: R2Object): Meta {
  // The type the upload stored, from the build's manifest: never sniffed (nosniff is on every answer).
  return {
    size: object.size,
    etag: object.httpEtag,
    type: object.httpMetadata?.contentType ?? "application/octet-stream",
  };
}

function rangeValue(range: ByteRange): string {
  return `bytes=${range.start}-${range.end}`;
}
