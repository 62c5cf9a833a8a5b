// Puts a build's media folder into an R2 bucket, and removes what no deployment references any more.
// Keys are content-addressed (a name never gets other bytes), so an object the bucket has is never
// sent again, and an interrupted upload is finished by running it again.
//
// The bucket keeps, beside the media, one record per upload under `_deploys/`: the photos (content
// hashes, the part of a key before its first `-`) that build references, written once every one of
// their files is in the bucket. The newest record says what is surely there; the newest few say what
// the live version and the ones before it link to, which pruning never deletes.

import type { R2Bucket, R2Object } from "@cloudflare/workers-types/index.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { MEDIA_MANIFEST } from "./writeContent";

/** What of an R2 bucket binding this module uses (the Workers type, as wrangler's proxy gives it). */
export type Bucket = Pick<R2Bucket, "head" | "get" | "put" | "list" | "delete">;

/** One object of a build's media folder, as its manifest lists it. */
export interface MediaObject {
  readonly key: string;
  readonly type: string;
  readonly bytes: number;
}

/** Where the records of uploads are kept, named by time (zero-padded epoch ms, so sorted by name is by age). */
const RECORDS = "_deploys/";

/** Records whose photos are never pruned whatever their age: the live version, the one before, and one being deployed. */
export const KEPT_RECORDS = 3;

/** The objects the manifest in the media folder `dir` lists. */
export function readMediaManifest(dir: string): MediaObject[] {
  const text = readFileSync(join(dir, MEDIA_MANIFEST), "utf8");
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const [key, type, bytes] = JSON.parse(line) as [string, string, number];
      return { key, type, bytes };
    });
}

/** The photo a media key belongs to: its content hash, before the first `-`. */
export function photoOf(key: string): string {
  return key.slice(0, key.indexOf("-"));
}

/** The keys the build makes (`<16 hex>-<variant>.<ext>`): pruning never touches any other object. */
const MEDIA_KEY = /^[0-9a-f]{16}-[a-z0-9]+\.[a-z0-9]+$/;

/** What an upload did. */
export interface UploadSummary {
  /** Objects in the manifest. */
  readonly objects: number;
  /** Objects the newest record already vouched for (no request made). */
  readonly recorded: number;
  /** Objects looked up (HEAD) and found there. */
  readonly present: number;
  /** Objects sent. */
  readonly uploaded: number;
  readonly uploadedBytes: number;
}

/**
 * Uploads the objects of the media folder `dir` that `bucket` lacks, `concurrency`
 * at a time: those of photos the newest record names are there already; each
 * other is looked up (HEAD, a Class B operation) and sent only when absent,
 * with its media type and SHA-256 (R2 refuses bytes that do not match it).
 * Then writes the record of this build. Stopped half way, nothing is wrong:
 * the objects sent stay, no record is written, and the next run sends the rest.
 */
export async function uploadMedia(
  bucket: Bucket,
  dir: string,
  options: {
    concurrency?: number;
    now?: number;
    verify?: boolean;
    onProgress?: (done: number, total: number) => void;
  } = {},
): Promise<UploadSummary> {
  const objects = readMediaManifest(dir);
  const records = await listRecords(bucket);
  const newest = records.at(-1);
  const recorded = newest ? await readRecord(bucket, newest.key) : new Set<string>();
  // `verify`: trust no record, look every object up (a repair after a deletion by hand).
  const known = options.verify ? new Set<string>() : recorded;
  const todo = objects.filter((object) => !known.has(photoOf(object.key)));
  let present = 0;
  let uploaded = 0;
  let uploadedBytes = 0;
  let done = 0;
  await eachConcurrently(todo, options.concurrency ?? 16, async (object) => {
    // There: the same photo and settings, whatever machine encoded it; never sent again.
    if (await bucket.head(object.key)) {
      present++;
    } else {
      const bytes = readFileSync(join(dir, object.key));
      if (bytes.byteLength !== object.bytes) {
        throw new Error(
          `${object.key} is ${bytes.byteLength} bytes, the manifest says ${object.bytes}: build again`,
        );
      }
      const { createHash } = await import("node:crypto");
      // A plain Uint8Array: wrangler's proxy cannot carry a Node Buffer across.
      await bucket.put(object.key, new Uint8Array(bytes), {
        httpMetadata: { contentType: object.type },
        sha256: createHash("sha256").update(bytes).digest("hex"),
      });
      uploaded++;
      uploadedBytes += bytes.byteLength;
    }
    options.onProgress?.(++done, todo.length);
  });
  const photos = [...new Set(objects.map((object) => photoOf(object.key)))].sort();
  const now = options.now ?? Date.now();
  // The same photos as the newest record (a rebuild, a redeploy): it says all there is to say.
  const same =
    newest !== undefined && recorded.size === photos.length && photos.every((photo) => recorded.has(photo));
  if (!same)
    await bucket.put(
      `${RECORDS}${String(now).padStart(15, "0")}.txt`,
      photos.map((photo) => `${photo}\n`).join(""),
      {
        httpMetadata: { contentType: "text/plain; charset=utf-8" },
      },
    );
  return {
    objects: objects.length,
    recorded: objects.length - todo.length,
    present,
    uploaded,
    uploadedBytes,
  };
}

/** What pruning did (or, with `dryRun`, would do). */
export interface PruneSummary {
  /** Media objects looked at. */
  readonly objects: number;
  /** Deleted: named by no kept record and older than the grace period. */
  readonly deleted: number;
  /** Records of uploads deleted (older than the kept ones and the grace period). */
  readonly records: number;
}

/**
 * Deletes the media objects no kept record names, uploaded before the grace
 * period (`graceMs` before `now`). Kept records: the newest KEPT_RECORDS,
 * and every one written within the grace period. An object uploaded within it
 * is kept too: an upload still running has written no record yet. Records
 * neither kept nor newest are deleted last. Refuses to run on a bucket with no
 * record, where nothing says what the live version links to. Objects not of the
 * build's naming are never touched. Must not run while an upload does: an upload
 * that found an old object there (HEAD) would then record a photo just deleted.
 */
export async function pruneMedia(
  bucket: Bucket,
  options: { graceMs: number; now?: number; dryRun?: boolean },
): Promise<PruneSummary> {
  const now = options.now ?? Date.now();
  const cutoff = now - options.graceMs;
  const records = await listRecords(bucket);
  if (records.length === 0) {
    throw new Error(
      "the bucket has no record of an upload (npm run media -- upload writes one): nothing pruned",
    );
  }
  const kept = records.filter((record, i) => i >= records.length - KEPT_RECORDS || record.uploaded >= cutoff);
  const keep = new Set<string>();
  for (const record of kept) for (const photo of await readRecord(bucket, record.key)) keep.add(photo);
  let objects = 0;
  const doomed: string[] = [];
  for await (const object of listAll(bucket, undefined)) {
    if (!MEDIA_KEY.test(object.key)) continue;
    objects++;
    if (!keep.has(photoOf(object.key)) && object.uploaded.getTime() < cutoff) doomed.push(object.key);
  }
  const oldRecords = records.filter((record) => !kept.includes(record)).map((record) => record.key);
  if (!options.dryRun) {
    // The media first: a record outlives every object it names.
    for (let i = 0; i < doomed.length; i += 1000) await bucket.delete(doomed.slice(i, i + 1000));
    for (let i = 0; i < oldRecords.length; i += 1000) await bucket.delete(oldRecords.slice(i, i + 1000));
  }
  return { objects, deleted: doomed.length, records: oldRecords.length };
}

/** The records of uploads, oldest first by when R2 stored each. */
async function listRecords(bucket: Bucket): Promise<{ key: string; uploaded: number }[]> {
  const records: { key: string; uploaded: number }[] = [];
  for await (const object of listAll(bucket, RECORDS)) {
    records.push({ key: object.key, uploaded: object.uploaded.getTime() });
  }
  // By R2's clock, not the name's (the uploading machine's, which may be wrong); the name breaks ties.
  return records.sort((a, b) => a.uploaded - b.uploaded || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The photos a record names. */
async function readRecord(bucket: Bucket, key: string): Promise<Set<string>> {
  const object = await bucket.get(key);
  if (!object) throw new Error(`record ${key} vanished while it was read`);
  return new Set((await object.text()).split("\n").filter((line) => line !== ""));
}

/** Every object under `prefix`, a listing page (1,000 keys) at a time. */
async function* listAll(bucket: Bucket, prefix: string | undefined): AsyncGenerator<R2Object> {
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, cursor, limit: 1000 });
    yield* page.objects;
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor !== undefined);
}

/** Runs `task` on every item, at most `limit` at once; the first failure stops new tasks and is thrown. */
async function eachConcurrently<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const runner = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const item = items[next++]!;
      try {
        await task(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, runner));
}
