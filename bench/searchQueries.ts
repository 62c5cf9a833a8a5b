// Picks the bench's search queries from a built index: its rarest word, its most common one, three
// mid-frequency words together, and a word no story has.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Queries by kind, as `q` values. */
export interface BenchQueries {
  readonly rare: string;
  readonly common: string;
  readonly three: string;
  readonly none: string;
}

/** Each term of the index in `assetsDir` with how many stories hold it. */
function termCounts(assetsDir: string): Map<string, number> {
  const counts = new Map<string, number>();
  const dir = join(assetsDir, "_search/t");
  const decoder = new TextDecoder();
  for (const name of readdirSync(dir)) {
    const bytes = readFileSync(join(dir, name));
    let at = 0;
    const varint = (): number => {
      let value = 0;
      let shift = 0;
      for (;;) {
        const byte = bytes[at++]!;
        value += (byte & 0x7f) * 2 ** shift;
        if (byte < 0x80) return value;
        shift += 7;
      }
    };
    while (at < bytes.length) {
      const length = varint();
      const term = decoder.decode(bytes.subarray(at, at + length));
      at += length;
      const count = varint();
      const size = varint();
      at += size;
      counts.set(term, count);
    }
  }
  return counts;
}

/** The bench's queries for the index in `assetsDir` (ASCII terms, which are their own query words). */
export function benchQueries(assetsDir: string): BenchQueries {
  const terms = [...termCounts(assetsDir)]
    .filter(([term]) => /^[a-z]{4,}$/.test(term))
    .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
  const middle = terms.slice(Math.floor(terms.length / 2) - 1, Math.floor(terms.length / 2) + 2);
  return {
    rare: terms[0]![0],
    common: terms.at(-1)![0],
    three: middle.map(([term]) => term).join(" "),
    none: "zyzzyva",
  };
}
