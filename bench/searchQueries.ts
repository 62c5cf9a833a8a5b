// Picks the bench's search queries for a built corpus: a place name few stories share, the corpus's
// most common word, three words of middling frequency together, a word no story has, and phrases in
// quotes: the two words most often side by side, a dateline (a place and the word after it), and
// that dateline reversed (its words in the same stories, never in that order); and the first phrase
// again on the deepest results page, whose cost a phrase search's caps keep that of page 1's at most.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { placeName, WORDS } from "../scripts/generateCorpus";
import { chunkPath } from "../src/core/archiveLayout";
import { readJsonLines } from "../src/core/jsonLines";
import { shardEntries } from "../src/core/search/indexFormat";
import { isStopword, termOf, words } from "../src/core/search/searchTerms";
import type { Story } from "../src/core/types";

/** Queries by kind, as `q` values. */
export interface BenchQueries {
  readonly rare: string;
  readonly common: string;
  readonly three: string;
  readonly none: string;
  readonly commonPhrase: string;
  readonly rarePhrase: string;
  readonly nonePhrase: string;
  readonly deepPhrase: string;
}

/** The results page each query asks for, when not the first. */
export const BENCH_QUERY_PAGES: Partial<Record<keyof BenchQueries, number>> = { deepPhrase: 100 };

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
  // The phrases, from the oldest chunk's stories: the first is the one with placeName(0)'s dateline.
  const chunk = readJsonLines<Story>(new Uint8Array(readFileSync(join(assetsDir, chunkPath(0)))));
  const stories = Array.from({ length: chunk.count }, (_, i) => chunk.at(i)!);
  const pairs = new Map<string, number>();
  for (const story of stories) {
    for (const paragraph of story.paragraphs) {
      const found = words(paragraph);
      for (let i = 1; i < found.length; i++) {
        if (!/^[a-z]{4,}$/.test(found[i - 1]!) || !/^[a-z]{4,}$/.test(found[i]!)) continue;
        if (isStopword(found[i - 1]!) || isStopword(found[i]!)) continue;
        const pair = `${found[i - 1]} ${found[i]}`;
        pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
      }
    }
  }
  const common = [...pairs].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? "north korea";
  const dateline = words(stories[0]!.paragraphs[0]!).slice(0, 2);
  return {
    rare: placeName(0).toLowerCase(),
    common: vocabulary.at(-1)!.word,
    three: vocabulary
      .slice(middle - 1, middle + 2)
      .map((v) => v.word)
      .join(" "),
    none: "zyzzyva",
    commonPhrase: `"${common}"`,
    rarePhrase: `"${dateline.join(" ")}"`,
    nonePhrase: `"${[...dateline].reverse().join(" ")}"`,
    deepPhrase: `"${common}"`,
  };
}
