// Chooses the file name of a new seed: the next free number and a fresh random id.

import { randomBytes } from "node:crypto";
import { parseSeedFileName } from "./seedFileName";

/**
 * `NNN_<id>.txt` (or `.md`) with NNN one above the highest number in `names` (as wide as
 * the widest, at least three digits) and a random 16-hex id found in neither
 * `names` nor `usedIds` (ids seen anywhere in git history): an id is a story's
 * identity forever, even after the story is deleted.
 */
export function newSeedName(
  names: readonly string[],
  usedIds: ReadonlySet<string>,
  random: () => string = () => randomBytes(8).toString("hex"),
  format: "txt" | "md" = "txt",
): string {
  const parsed = names.map(parseSeedFileName).flatMap((p) => ("error" in p ? [] : [p]));
  const taken = new Set([...usedIds, ...parsed.map((p) => p.id)]);
  const next = parsed.reduce((max, p) => Math.max(max, p.number), -1) + 1;
  const width = Math.max(3, ...names.map((name) => /^(\d+)_/.exec(name)?.[1]?.length ?? 0));
  for (let attempt = 0; attempt < 100; attempt++) {
    const id = random();
    if (!taken.has(id)) return `${String(next).padStart(width, "0")}_${id}.${format}`;
  }
  throw new Error("could not find an unused id after 100 attempts");
}
