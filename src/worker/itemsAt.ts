// Items of the archive's per-file lists by ordinal: each file read once however many of its items
// are asked for.

import type { ContentUnavailable } from "./contentUnavailable";

/**
 * The items at `ordinals` (in the order given) of lists held `perFile` to a
 * file, file `f` holding ordinals f*perFile ...; `load` reads a file's list.
 * A missing item (a deploy mixing two builds) throws what `missing` returns
 * for its file and ordinal (ArchiveReader.reject: the file is read again next
 * time).
 */
export async function itemsAt<T>(
  ordinals: readonly number[],
  perFile: number,
  load: (file: number) => Promise<readonly T[]> | readonly T[],
  missing: (file: number, ordinal: number) => ContentUnavailable,
): Promise<T[]> {
  const fileOf = (ordinal: number): number => Math.floor(ordinal / perFile);
  const files = new Map<number, readonly T[]>();
  await Promise.all(
    [...new Set(ordinals.map(fileOf))].map(async (file) => files.set(file, await load(file))),
  );
  return ordinals.map((ordinal) => {
    const item = files.get(fileOf(ordinal))?.[ordinal % perFile];
    if (item === undefined) throw missing(fileOf(ordinal), ordinal);
    return item;
  });
}
