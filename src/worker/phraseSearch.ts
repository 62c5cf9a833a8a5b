// Phrase search: the stories with every word of the query (found by the index, which holds no
// word positions), kept when their text holds each quoted phrase; checked in the query's order
// only until a page is full, so the count is exact only when every such story was checked.

import { hasPhrase } from "../core/search/phrase";
import type { SearchEngine, SearchResults } from "./searchEngine";
import type { SearchQuery } from "./searchQuery";
import type { StoryStore } from "./storyStore";
import type { Visibility } from "./visibility";

/**
 * Stories with every word checked per request beyond those a page needs: each
 * costs its summary file (a few KB), read in any case for the ones shown.
 */
const EXTRA_CHECKS = 40;
/**
 * Stories read whole per request: one whose listed text (its start) neither
 * holds the phrase nor is the whole text is read from its chunk, as its page
 * is; at 100,000 stories a chunk is about 900 KB, the cost of a phrase search.
 */
const MAX_STORY_READS = 10;
/** Stories checked at once (their summary files and chunks read together). */
const BATCH = 10;

/** What a phrase search found. */
export interface PhraseResults extends SearchResults {
  /** Whether every story with all the words was checked: `total` is then exact, else a lower bound. */
  readonly exact: boolean;
  /** How many stories with all the words were checked, of how many. */
  readonly checked: number;
  readonly candidates: number;
  /** The whole text (paragraphs apart by "\n") of the matches read whole, to cut their excerpts from. */
  readonly texts: ReadonlyMap<number, string>;
}

/** The words of a listed text that are surely whole: a cut text's last word may be part of one. */
function wholeWords(text: string): string {
  return text.endsWith("…") ? text.replace(/[\p{L}\p{N}\p{M}]*…$/u, "") : text;
}

/**
 * The first `wanted` stories `view` serves that have every word of `query`
 * and hold each of its phrases (in headline or one paragraph), in the query's
 * order, and how many there are as far as they were checked.
 */
export async function searchPhrases(
  engine: SearchEngine,
  store: StoryStore,
  view: Visibility,
  query: SearchQuery,
  wanted: number,
): Promise<PhraseResults> {
  const found = await engine.search(view, query, wanted + EXTRA_CHECKS);
  // No story with every word (the any-word fallback is no help): none holds the phrase.
  if (found.anyWord || found.total === 0) {
    return {
      ordinals: [],
      total: 0,
      anyWord: false,
      exact: true,
      checked: 0,
      candidates: 0,
      texts: new Map(),
    };
  }
  const terms = new Map<string, string>();
  const holds = (fields: readonly string[]): boolean =>
    query.phrases.every((phrase) => fields.some((field) => hasPhrase(field, phrase, terms)));
  const candidates = found.ordinals;
  const matches: number[] = [];
  const texts = new Map<number, string>();
  let checked = 0;
  let reads = 0;
  check: while (checked < candidates.length && matches.length < wanted) {
    const batch = candidates.slice(checked, checked + BATCH);
    // First from the summary files: the phrase in the listed text, or a whole text without it.
    const verdicts = (await engine.listings(batch)).map(({ entry, text }): boolean | undefined => {
      if (holds([entry.title, ...wholeWords(text).split("\n")])) return true;
      return text.endsWith("…") ? undefined : false;
    });
    const unknown = batch.filter((_, i) => verdicts[i] === undefined).slice(0, MAX_STORY_READS - reads);
    reads += unknown.length;
    const stories = new Map((await store.at(unknown)).map((story, i) => [unknown[i]!, story]));
    for (let i = 0; i < batch.length; i++) {
      let verdict = verdicts[i];
      if (verdict === undefined) {
        const story = stories.get(batch[i]!);
        if (!story) break check; // past the reads allowed: the rest is unchecked
        verdict = holds([story.title, ...story.paragraphs]);
        if (verdict) texts.set(batch[i]!, story.paragraphs.join("\n"));
      }
      checked++;
      if (verdict) matches.push(batch[i]!);
      if (matches.length === wanted) break check;
    }
  }
  const exact = checked === found.total;
  return {
    ordinals: matches,
    total: matches.length,
    anyWord: false,
    exact,
    checked,
    candidates: found.total,
    texts,
  };
}
