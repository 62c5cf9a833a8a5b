// Recognises a Git LFS pointer file: what a photo tracked with LFS is on disk when its content was
// never fetched (a clone without `git lfs pull`, a CI checkout without `lfs: true`).

import { isUtf8 } from "node:buffer";

/**
 * The version lines of a pointer (Git LFS spec, docs/spec.md in git-lfs/git-lfs: "Parsers MUST
 * use simple string comparison on the version"); the second is the pre-release tool's, which
 * Git LFS still reads.
 */
const VERSIONS = ["https://git-lfs.github.com/spec/v1", "https://hawser.github.com/spec/v1"];

/** Git LFS reads at most this many bytes of a blob as a pointer (its `blobSizeCutoff`). */
const MAX_POINTER_BYTES = 1024;

/** What a pointer says of the file it stands for. */
export interface LfsPointer {
  /** The real file's size in bytes (the pointer's `size`). */
  readonly size: number;
}

/**
 * The pointer `bytes` are, or null when they are not one. Per the spec: UTF-8
 * text, one `key value` line each, `version` first with a known value, an
 * `oid sha256:<64 hex>` and a `size` in decimal digits. A file that merely
 * mentions the spec, or starts like a pointer without being one, is not one.
 */
export function lfsPointer(bytes: Uint8Array): LfsPointer | null {
  if (bytes.length === 0 || bytes.length > MAX_POINTER_BYTES) return null;
  if (!isUtf8(bytes)) return null;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("utf8");
  // Git LFS trims surrounding white space before it splits the lines (lfs/pointer.go).
  const lines = text.trim().split("\n");
  const values = new Map<string, string>();
  for (const line of lines) {
    const pair = /^([a-z0-9.-]+) ([^\r\n]*)$/.exec(line);
    if (!pair || values.has(pair[1]!)) return null;
    values.set(pair[1]!, pair[2]!);
  }
  if (lines[0]?.split(" ", 1)[0] !== "version" || !VERSIONS.includes(values.get("version")!)) return null;
  if (!/^sha256:[0-9a-f]{64}$/.test(values.get("oid") ?? "")) return null;
  const size = values.get("size") ?? "";
  if (!/^[0-9]+$/.test(size) || !Number.isSafeInteger(Number(size))) return null;
  return { size: Number(size) };
}
