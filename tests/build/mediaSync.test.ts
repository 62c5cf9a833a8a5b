// uploadMedia and pruneMedia against a real R2 implementation (Miniflare's, in Node), counting every
// request per method and key: what each run sends, looks up and deletes, not only what ends up there.

import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { Miniflare } from "miniflare";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KEPT_RECORDS, pruneMedia, uploadMedia, type Bucket } from "../../src/build/mediaSync";
import { MEDIA_MANIFEST } from "../../src/build/writeContent";
import { tempFolder } from "./seedsFolder";

const DAY_MS = 86_400_000;
/** Where the records of uploads live (mediaSync's RECORDS). */
const RECORDS = "_deploys/";
/** The names records are given by uploadMedia's `now`: any instant, well apart, oldest first. */
const T = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => 1_700_000_000_000 + i * DAY_MS);

/** What a photo large enough for every variant gets (mediaVariants.ts): three widths in two formats, four crops. */
const VARIANTS = [
  "480.webp",
  "480.jpg",
  "960.webp",
  "960.jpg",
  "1600.webp",
  "1600.jpg",
  "card.jpg",
  "16x9.jpg",
  "4x3.jpg",
  "1x1.jpg",
];
const TYPES: Record<string, string> = { jpg: "image/jpeg", webp: "image/webp" };

/** A photo's content hash (16 hex digits, as the build names photos). */
function photo(n: number): string {
  return n.toString(16).padStart(16, "0");
}

/** The object keys of a photo. */
function keysOf(hash: string, variants: readonly string[] = VARIANTS): string[] {
  return variants.map((variant) => `${hash}-${variant}`);
}

/** Bytes of a key: its own (content-addressed keys never share bytes), of a length that differs by key. */
function bytesOf(key: string): Uint8Array {
  const seed = createHash("sha256").update(key).digest();
  const out = new Uint8Array(50 + (seed[0]! % 200));
  for (let i = 0; i < out.length; i++) out[i] = seed[i % seed.length]! ^ (i & 0xff);
  return out;
}

/** A media folder as the build writes it (writeContent's stageMedia): the files by key, and the manifest. */
function mediaFolder(
  keys: readonly string[],
  sizeOf: (key: string) => number = (key) => bytesOf(key).length,
) {
  const dir = tempFolder();
  const lines: string[] = [];
  for (const key of [...keys].sort()) {
    writeFileSync(join(dir, key), bytesOf(key));
    lines.push(`${JSON.stringify([key, TYPES[key.slice(key.lastIndexOf(".") + 1)], sizeOf(key)])}\n`);
  }
  writeFileSync(join(dir, MEDIA_MANIFEST), lines.join(""));
  return dir;
}

/** The media folder of a build referencing `photos`, every one with `variants`. */
function buildOf(photos: readonly string[], variants: readonly string[] = VARIANTS): string {
  return mediaFolder(photos.flatMap((hash) => keysOf(hash, variants)));
}

type Method = "head" | "get" | "put" | "list" | "delete";

/** A bucket that counts its calls per method and key (a listing by its prefix), and can fail its puts. */
interface Counted extends Bucket {
  readonly calls: Record<Method, Map<string, number>>;
  /** The keys `method` was called with, each once, sorted. */
  keys(method: Method): string[];
  /** How many calls of `method` in all. */
  total(method: Method): number;
}

/**
 * Counts `inner`'s calls. With `putsBeforeFailure`, every put of a media object after that many
 * succeeded throws (a lost connection); records still go through, so one written after a failure shows.
 */
function counting(inner: Bucket, options: { putsBeforeFailure?: number } = {}): Counted {
  const calls = {
    head: new Map<string, number>(),
    get: new Map<string, number>(),
    put: new Map<string, number>(),
    list: new Map<string, number>(),
    delete: new Map<string, number>(),
  };
  const count = (method: Method, key: string) => calls[method].set(key, (calls[method].get(key) ?? 0) + 1);
  let puts = 0;
  return {
    calls,
    keys: (method) => [...calls[method].keys()].sort(),
    total: (method) => [...calls[method].values()].reduce((a, b) => a + b, 0),
    head: (key) => {
      count("head", key);
      return inner.head(key);
    },
    get: ((key: string, getOptions?: never) => {
      count("get", key);
      return inner.get(key, getOptions);
    }) as Bucket["get"],
    put: ((key: string, value: never, putOptions?: never) => {
      count("put", key);
      if (!key.startsWith(RECORDS) && options.putsBeforeFailure !== undefined) {
        if (puts >= options.putsBeforeFailure) return Promise.reject(new Error("connection lost"));
        puts++;
      }
      return inner.put(key, value, putOptions);
    }) as Bucket["put"],
    list: (listOptions) => {
      count("list", listOptions?.prefix ?? "");
      return inner.list(listOptions);
    },
    delete: (keys) => {
      for (const key of typeof keys === "string" ? [keys] : keys) count("delete", key);
      return inner.delete(keys);
    },
  };
}

/** The keys under `prefix` in `bucket` (none: every key but the records). */
async function keysIn(bucket: Bucket, prefix?: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, cursor });
    keys.push(...page.objects.map((object) => object.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return prefix === undefined ? keys.filter((key) => !key.startsWith(RECORDS)) : keys;
}

/** The key of the record uploadMedia writes at `now`. */
function recordKey(now: number): string {
  return `${RECORDS}${String(now).padStart(15, "0")}.txt`;
}

/** The text of the object `key`. */
async function textOf(bucket: Bucket, key: string): Promise<string | undefined> {
  return (await bucket.get(key))?.text();
}

/** Puts `keys` straight into the bucket (another deploy, an earlier run), as uploadMedia would. */
async function putDirectly(bucket: Bucket, keys: readonly string[]): Promise<void> {
  for (const key of keys) {
    await bucket.put(key, bytesOf(key), {
      httpMetadata: { contentType: TYPES[key.slice(key.lastIndexOf(".") + 1)]! },
    });
  }
}

/** When `key` was uploaded, by R2's clock (the real one). */
async function uploadedAt(bucket: Bucket, key: string): Promise<number> {
  const object = await bucket.head(key);
  if (!object) throw new Error(`${key} is not in the bucket`);
  return object.uploaded.getTime();
}

/** Lets R2's clock move on, so uploads before and after are told apart by `uploaded`. */
function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 25));
}

let mf: Miniflare;
let bucket: Bucket;
beforeEach(async () => {
  mf = new Miniflare({
    modules: true,
    script: "export default { fetch() { return new Response(null) } }",
    r2Buckets: ["MEDIA"],
  });
  bucket = (await mf.getR2Bucket("MEDIA")) as unknown as Bucket;
});
afterEach(async () => {
  await mf.dispose();
});

describe("uploadMedia", () => {
  it("sends every object once, with the manifest's media type and SHA-256, then records each photo once", async () => {
    const photos = [photo(2), photo(1)];
    const dir = buildOf(photos);
    const counted = counting(bucket);
    const summary = await uploadMedia(counted, dir, { now: T[0] });
    const keys = photos.flatMap((hash) => keysOf(hash)).sort();
    expect(summary).toEqual({
      objects: 20,
      recorded: 0,
      present: 0,
      uploaded: 20,
      uploadedBytes: keys.reduce((sum, key) => sum + bytesOf(key).length, 0),
    });
    expect(counted.keys("put")).toEqual([...keys, recordKey(T[0]!)].sort());
    for (const count of counted.calls.put.values()) expect(count).toBe(1);
    for (const key of keys) {
      const object = await bucket.head(key);
      expect(object?.httpMetadata?.contentType, key).toBe(TYPES[key.slice(key.lastIndexOf(".") + 1)]);
      expect(object?.size, key).toBe(bytesOf(key).length);
      const sha256 = createHash("sha256").update(bytesOf(key)).digest("hex");
      expect(object?.checksums.toJSON().sha256, key).toBe(sha256);
    }
    expect(await keysIn(bucket, RECORDS)).toEqual([recordKey(T[0]!)]);
    // Each photo once, though ten keys name it; sorted.
    expect(await textOf(bucket, recordKey(T[0]!))).toBe(`${photo(1)}\n${photo(2)}\n`);
  });

  it("run again on the same folder, looks nothing up and sends nothing: the record vouches for it all", async () => {
    const dir = buildOf([photo(1), photo(2)]);
    await uploadMedia(bucket, dir, { now: T[0] });
    const counted = counting(bucket);
    const summary = await uploadMedia(counted, dir, { now: T[1] });
    expect(counted.total("head")).toBe(0);
    expect(counted.total("put")).toBe(0);
    expect(summary).toMatchObject({ objects: 20, recorded: 20, present: 0, uploaded: 0 });
    expect(await keysIn(bucket, RECORDS)).toEqual([recordKey(T[0]!)]);
  });

  it("with one photo added, looks up and sends exactly its ten objects, and records the three", async () => {
    await uploadMedia(bucket, buildOf([photo(1), photo(2)]), { now: T[0] });
    const counted = counting(bucket);
    const summary = await uploadMedia(counted, buildOf([photo(1), photo(2), photo(3)]), { now: T[1] });
    const added = keysOf(photo(3)).sort();
    expect(counted.keys("head")).toEqual(added);
    expect(counted.total("head")).toBe(10);
    expect(counted.keys("put")).toEqual([...added, recordKey(T[1]!)].sort());
    expect(counted.total("put")).toBe(11);
    expect(summary).toMatchObject({ objects: 30, recorded: 20, present: 0, uploaded: 10 });
    expect(await keysIn(bucket, RECORDS)).toEqual([recordKey(T[0]!), recordKey(T[1]!)]);
    expect(await textOf(bucket, recordKey(T[1]!))).toBe(`${photo(1)}\n${photo(2)}\n${photo(3)}\n`);
  });

  it("stopped half way, keeps what it sent and writes no record; the next run sends exactly the rest", async () => {
    const photos = [photo(1), photo(2), photo(3)];
    const dir = buildOf(photos);
    const keys = photos.flatMap((hash) => keysOf(hash)).sort();
    const failing = counting(bucket, { putsBeforeFailure: 7 });
    await expect(uploadMedia(failing, dir, { now: T[0], concurrency: 4 })).rejects.toThrow("connection lost");
    expect(await keysIn(bucket, RECORDS)).toEqual([]);
    const sent = await keysIn(bucket);
    expect(sent).toHaveLength(7);

    const counted = counting(bucket);
    const summary = await uploadMedia(counted, dir, { now: T[1] });
    const rest = keys.filter((key) => !sent.includes(key));
    expect(rest).toHaveLength(23);
    expect(counted.keys("put")).toEqual([...rest, recordKey(T[1]!)].sort());
    for (const count of counted.calls.put.values()) expect(count).toBe(1);
    expect(summary).toMatchObject({ objects: 30, recorded: 0, present: 7, uploaded: 23 });
    expect(await keysIn(bucket, RECORDS)).toEqual([recordKey(T[1]!)]);
    expect(await keysIn(bucket)).toEqual(keys);
    for (const key of keys) {
      const object = await bucket.get(key);
      expect(new Uint8Array(await object!.arrayBuffer()), key).toEqual(bytesOf(key));
      expect(new Uint8Array(readFileSync(join(dir, key))), key).toEqual(bytesOf(key));
    }
  });

  it("with verify, trusts no record: puts back exactly an object deleted by hand", async () => {
    const folder = buildOf([photo(1), photo(2)]);
    await uploadMedia(bucket, folder, { now: T[0] });
    const lost = keysOf(photo(2))[3]!;
    await bucket.delete(lost);
    // The record vouches for photo 2: a plain upload cannot see the hole.
    expect(await uploadMedia(bucket, folder, { now: T[1] })).toMatchObject({ uploaded: 0, recorded: 20 });
    expect(await bucket.head(lost)).toBeNull();
    const counted = counting(bucket);
    const summary = await uploadMedia(counted, folder, { now: T[1], verify: true });
    expect(counted.total("head")).toBe(20);
    expect(counted.keys("put")).toEqual([lost]);
    expect(summary).toMatchObject({ objects: 20, recorded: 0, present: 19, uploaded: 1 });
    expect(new Uint8Array(await (await bucket.get(lost))!.arrayBuffer())).toEqual(bytesOf(lost));
  });

  it("finds by HEAD an object the bucket has with no record naming it, and does not send it again", async () => {
    await putDirectly(bucket, keysOf(photo(1)));
    const counted = counting(bucket);
    const summary = await uploadMedia(counted, buildOf([photo(1), photo(2)]), { now: T[0] });
    expect(counted.keys("head")).toEqual([...keysOf(photo(1)), ...keysOf(photo(2))].sort());
    expect(counted.keys("put")).toEqual([...keysOf(photo(2)), recordKey(T[0]!)].sort());
    expect(summary).toMatchObject({ objects: 20, recorded: 0, present: 10, uploaded: 10 });
    expect(await textOf(bucket, recordKey(T[0]!))).toBe(`${photo(1)}\n${photo(2)}\n`);
  });

  it("refuses a file whose size the manifest misstates, naming its key, and writes no record", async () => {
    const wrong = `${photo(1)}-960.webp`;
    const keys = keysOf(photo(1));
    const dir = mediaFolder(keys, (key) => bytesOf(key).length + (key === wrong ? 1 : 0));
    await expect(uploadMedia(bucket, dir, { now: T[0] })).rejects.toThrow(wrong);
    expect(await keysIn(bucket, RECORDS)).toEqual([]);
    expect(await bucket.head(wrong)).toBeNull();
  });
});

/**
 * Four uploads, at T[0..3] by their records' names: photos {1,2}, {2,3}, {3,4}, {4,5}. Photo 1 is
 * named only by the oldest record, which is not among the newest KEPT_RECORDS.
 */
async function fourUploads(target: Bucket): Promise<void> {
  const builds = [
    [1, 2],
    [2, 3],
    [3, 4],
    [4, 5],
  ];
  for (const [i, build] of builds.entries()) {
    await uploadMedia(target, buildOf(build.map(photo)), { now: T[i] });
  }
}

const ALL_KEYS = [1, 2, 3, 4, 5].flatMap((n) => keysOf(photo(n))).sort();
/** Keys of the photos the newest three records name. */
const KEPT_KEYS = [2, 3, 4, 5].flatMap((n) => keysOf(photo(n))).sort();

describe("pruneMedia", () => {
  it("keeps the newest three records: deletes, once past the grace period, what only older ones name", async () => {
    expect(KEPT_RECORDS).toBe(3);
    await fourUploads(bucket);
    const counted = counting(bucket);
    // Forty days on, everything is older than a grace of thirty.
    const summary = await pruneMedia(counted, { graceMs: 30 * DAY_MS, now: Date.now() + 40 * DAY_MS });
    expect(summary).toEqual({ objects: 50, deleted: 10, records: 1 });
    expect(await keysIn(bucket)).toEqual(KEPT_KEYS);
    expect(counted.keys("delete")).toEqual([...keysOf(photo(1)), recordKey(T[0]!)].sort());
    expect(await keysIn(bucket, RECORDS)).toEqual([T[1], T[2], T[3]].map((t) => recordKey(t!)));
  });

  it("orders records by when R2 stored them, not by the uploading machine's clock", async () => {
    await fourUploads(bucket);
    // The newest upload, from a machine whose clock is days behind: its name sorts first.
    await tick();
    await uploadMedia(bucket, buildOf([photo(1)]), { now: T[0]! - DAY_MS });
    const summary = await pruneMedia(bucket, { graceMs: 30 * DAY_MS, now: Date.now() + 40 * DAY_MS });
    // Kept: the skewed record (photo 1) and the two before it (photos 3, 4, 5); photo 2 goes.
    expect(summary).toMatchObject({ deleted: 10 });
    expect(await keysIn(bucket)).toEqual([1, 3, 4, 5].flatMap((n) => keysOf(photo(n))).sort());
  });

  it("never touches an object not named as the build names its files", async () => {
    await fourUploads(bucket);
    // Put by hand or by another tool: no `<16 hex>-<variant>.<ext>` name, so no photo of ours.
    const foreign = ["notes.txt", "0123456789abcdef.jpg", "0123456789ABCDEF-480.jpg", "logo-480.webp"];
    for (const key of foreign) await bucket.put(key, new Uint8Array([1, 2, 3]));
    const counted = counting(bucket);
    const summary = await pruneMedia(counted, { graceMs: 30 * DAY_MS, now: Date.now() + 40 * DAY_MS });
    expect(summary).toEqual({ objects: 50, deleted: 10, records: 1 });
    expect(await keysIn(bucket)).toEqual([...KEPT_KEYS, ...foreign].sort());
  });

  it("within the grace period deletes nothing: neither the objects nor the records", async () => {
    await fourUploads(bucket);
    const counted = counting(bucket);
    const summary = await pruneMedia(counted, { graceMs: 30 * DAY_MS, now: Date.now() });
    expect(summary).toEqual({ objects: 50, deleted: 0, records: 0 });
    expect(counted.total("delete")).toBe(0);
    expect(await keysIn(bucket)).toEqual(ALL_KEYS);
    expect(await keysIn(bucket, RECORDS)).toHaveLength(4);
  });

  it("keeps an object no record names while it is within the grace period (an upload still running)", async () => {
    await fourUploads(bucket);
    await tick();
    const cutoff = Date.now();
    await tick();
    // Photo 6: sent by an upload that has not written its record yet.
    await putDirectly(bucket, keysOf(photo(6)));
    for (const key of ALL_KEYS) expect(await uploadedAt(bucket, key)).toBeLessThan(cutoff);
    for (const key of keysOf(photo(6))) expect(await uploadedAt(bucket, key)).toBeGreaterThanOrEqual(cutoff);
    for (const t of T.slice(0, 4)) expect(await uploadedAt(bucket, recordKey(t))).toBeLessThan(cutoff);

    const summary = await pruneMedia(bucket, { graceMs: DAY_MS, now: cutoff + DAY_MS });
    expect(summary).toEqual({ objects: 60, deleted: 10, records: 1 });
    expect(await keysIn(bucket)).toEqual([...KEPT_KEYS, ...keysOf(photo(6))].sort());
  });

  it("keeps the photos of a record written within the grace period, though not among the newest three", async () => {
    // Photo 1's objects were sent long ago; the record naming it only now (a rollback to an old build).
    await putDirectly(bucket, keysOf(photo(1)));
    await tick();
    const cutoff = Date.now();
    await tick();
    await fourUploads(bucket);
    for (const key of keysOf(photo(1))) expect(await uploadedAt(bucket, key)).toBeLessThan(cutoff);
    expect(await uploadedAt(bucket, recordKey(T[0]!))).toBeGreaterThanOrEqual(cutoff);

    const summary = await pruneMedia(bucket, { graceMs: DAY_MS, now: cutoff + DAY_MS });
    expect(summary).toEqual({ objects: 50, deleted: 0, records: 0 });
    expect(await keysIn(bucket)).toEqual(ALL_KEYS);
    expect(await keysIn(bucket, RECORDS)).toHaveLength(4);
  });

  it("with dryRun, counts what it would delete and deletes nothing", async () => {
    await fourUploads(bucket);
    const counted = counting(bucket);
    const summary = await pruneMedia(counted, {
      graceMs: 30 * DAY_MS,
      now: Date.now() + 40 * DAY_MS,
      dryRun: true,
    });
    expect(summary).toEqual({ objects: 50, deleted: 10, records: 1 });
    expect(counted.total("delete")).toBe(0);
    expect(await keysIn(bucket)).toEqual(ALL_KEYS);
    expect(await keysIn(bucket, RECORDS)).toHaveLength(4);
  });

  it("refuses a bucket with no record, deleting nothing", async () => {
    await putDirectly(bucket, keysOf(photo(1)));
    const counted = counting(bucket);
    await expect(
      pruneMedia(counted, { graceMs: 30 * DAY_MS, now: Date.now() + 40 * DAY_MS }),
    ).rejects.toThrow(/no record/);
    expect(counted.total("delete")).toBe(0);
    expect(await keysIn(bucket)).toEqual(keysOf(photo(1)).sort());
  });

  it("never deletes an object of a photo the newest three records name, whatever the uploads and the clock", async () => {
    const variants = ["480.webp", "card.jpg"];
    const scenario = fc.record({
      builds: fc.array(fc.subarray([1, 2, 3, 4, 5, 6], { minLength: 1 }), { minLength: 1, maxLength: 6 }),
      strays: fc.subarray([7, 8]),
      daysOn: fc.constantFrom(-1, 0, 10, 29, 31, 40),
      graceDays: fc.constantFrom(1, 30),
      dryRun: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ builds, strays, daysOn, graceDays, dryRun }) => {
        for (const key of await keysIn(bucket, "")) await bucket.delete(key);
        await putDirectly(
          bucket,
          strays.flatMap((n) => keysOf(photo(n), variants)),
        );
        for (const [i, build] of builds.entries()) {
          await uploadMedia(bucket, buildOf(build.map(photo), variants), { now: T[i] });
        }
        const newest = (await keysIn(bucket, RECORDS)).slice(-KEPT_RECORDS);
        const kept: string[] = [];
        for (const record of newest) {
          for (const hash of (await textOf(bucket, record))!.split("\n").filter(Boolean)) {
            kept.push(...keysOf(hash, variants));
          }
        }
        await pruneMedia(bucket, { graceMs: graceDays * DAY_MS, now: Date.now() + daysOn * DAY_MS, dryRun });
        const left = new Set(await keysIn(bucket, ""));
        for (const key of [...kept, ...newest]) expect(left.has(key), key).toBe(true);
      }),
      { numRuns: 25 },
    );
  });
});
