// Picks the bench's search queries for a built corpus: a place name few stories share, the corpus's
// most common word, three words of middling frequency together, and a word no story has.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { placeName, WORDS } from "../scripts/generateCorpus";
import { shardEntries } from "../src/core/search/indexFormat";
import { termOf, words } from "../src/core/search/searchTerms";

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
  const files = ["_search/t", "_search/w"].flatMap((sub) => {
    try {
      return readdirSync(join(assetsDir, sub)).map((name) => join(assetsDir, sub, name));
    } catch {
      return [];
    }
  });
  for (const file of files) {
    for (const { term, count } of shardEntries(readFileSync(file))) counts.set(term, count);
  }
  return counts;
}

/** The bench's queries for the corpus whose index is in `assetsDir` (words as a reader types them). */
export function benchQueries(assetsDir: string): BenchQueries {
  const counts = termCounts(assetsDir);
  const vocabulary = [...new Set(WORDS.flatMap((word) => words(word)))]
    .filter((word) => /^[a-z]{4,}$/.test(word) && counts.has(termOf(word)))
    .map((word) => ({ word, count: counts.get(termOf(word))! }))
    .sort((a, b) => a.count - b.count || (a.word < b.word ? -1 : 1));
  const middle = Math.floor(vocabulary.length / 2);
  return {
    rare: placeName(0).toLowerCase(),
    common: vocabulary.at(-1)!.word,
    three: vocabulary
      .slice(middle - 1, middle + 2)
      .map((v) => v.word)
      .join(" "),
    none: "zyzzyva",
  };
}
