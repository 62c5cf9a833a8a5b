// The feed GUID of a story: a name-based UUID (RFC 9562 version 5) of its permanent id.

import { createHash } from "node:crypto";

/** Namespace of this publisher's story GUIDs; changing it would change every GUID, so it never changes. */
const NAMESPACE = "6f1c2b8e-4d0a-5c3e-9b7f-2a1d8e5c4b3a";
const NAMESPACE_BYTES = Buffer.from(NAMESPACE.replace(/-/g, ""), "hex");

/**
 * `urn:uuid:<uuid v5 of id>`. It depends on the id alone, so it survives a new
 * title, slug, base URL or domain, and is a valid Atom `id` (an IRI).
 */
export function storyGuid(id: string): string {
  const hash = createHash("sha1").update(NAMESPACE_BYTES).update(id, "utf8").digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
