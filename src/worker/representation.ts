// A response body prepared once: its bytes, gzip bytes, strong ETags and Last-Modified.

import { dateRfc822 } from "../core/dates";

/** Everything needed to answer a GET for one resource without any further work. */
export interface Representation {
  readonly contentType: string;
  readonly identity: Uint8Array;
  readonly gzip: Uint8Array;
  /** Strong ETags; the gzip variant is a different representation and gets its own (RFC 9110 §8.8.3). */
  readonly etag: string;
  readonly gzipEtag: string;
  /** HTTP date of the newest story the body shows. */
  readonly lastModified: string;
}

const encoder = new TextEncoder();

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function contentHash(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  // 128 bits of SHA-256, base64url: collision-free in practice, short on the wire.
  return btoa(String.fromCharCode(...digest.subarray(0, 16)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** Encodes, hashes and compresses `body` once. `updated` is an RFC 3339 timestamp. */
export async function prepareRepresentation(
  body: string,
  contentType: string,
  updated: string,
): Promise<Representation> {
  const identity = encoder.encode(body);
  const [hash, compressed] = await Promise.all([contentHash(identity), gzip(identity)]);
  return {
    contentType,
    identity,
    gzip: compressed,
    etag: `"${hash}"`,
    gzipEtag: `"${hash}-gzip"`,
    lastModified: dateRfc822(new Date(updated)),
  };
}
