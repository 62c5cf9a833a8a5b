// Phrase search: the stories with every word of the query (found by the index, which holds no
// word positions), kept when their text holds each quoted phrase; checked in the query's order
// until a page is full or a request's caps are reached, so the count is exact only when every
// such story was checked. Once the whole reads are spent, a story its listed text cannot settle is
// passed over (and counted as such), so later ones that it settles are still found.

import { hasPhrase, phraseStart } from "../core/search/phrase";
import { wordRuns } from "../core/search/searchTerms";
import type { SearchEngine, SearchResults } from "./searchEngine";
import type { SearchQuery } from "./searchQuery";
import type { StoryStore } from "./storyStore";
import type { Visibility } from "./visibility";

/**
 * Stories with every word one request may check, whatever the page: what a
 * phrase search costs stays the same on page 1 and page 100, and the pages
 * it offers are those its matches among these fill.
 */
export const MAX_CHECKS = 100;
/**
 * Summary files one request may read to check stories: each holds the listed
 * text of many stories, so the bytes a phrase search reads stay a small
 * multiple of a plain results page's (which reads one per result shown, ten).
 */
export const MAX_SUMMARY_READS = 20;
/**
 * Stories read whole per request: one whose listed text (its start) neither
 * holds the phrase nor is the whole text is read from its chunk, as its page
 * is; parsing that chunk is most of a cold phrase search's CPU time, so few
 * keep the request near the free plan's CPU limit (README, "Search").
 */
export const MAX_STORY_READS = 3;
/** Stories checked at once (their summary files and chunks read together). */
const BATCH = 10;

/** The paragraph of a match an excerpt is cut from, and where the (first) phrase starts in it. */
export interface PhraseExcerpt {
  readonly text: string;
  readonly at: number;
}

/** What a phrase search found. */
export interface PhraseResults extends SearchResults {
  /** Whether every story with all the words was checked: `total` is then exact, else a lower bound. */
  readonly exact: boolean;
  /** How many stories with all the words were gone through, in order, of how many. */
  readonly checked: number;
  readonly candidates: number;
  /** Of those gone through, how many were passed over: their listed text did not settle them, and the whole reads were spent. */
  readonly unchecked: number;
  /** For each match whose first phrase is in a paragraph (not the headline): that paragraph alone. */
  readonly excerpts: ReadonlyMap<number, PhraseExcerpt>;
}

/**
 * The words of a listed text that are surely whole: a cut text's last word run
 * may be part of a word (`10㎞s` cut to `10㎞…` reads as `10km`), so it goes.
 * Only the end goes: an index into the result is one into `text`.
 */
function wholeWords(text: string): string {
  if (!text.endsWith("…")) return text;
  let last = 0;
  for (const run of wordRuns(text)) last = run.index;
  return text.slice(0, last);
}

/**
 * The first `wanted` stories `view` serves that have every word of `query`
 * and hold each of its phrases (in headline or one paragraph), in the query's
 * order, among the first MAX_CHECKS of them (fewer when their listed texts
 * take more than MAX_SUMMARY_READS summary files), and how many there are as
 * far as they were checked. Past MAX_STORY_READS whole reads, a story whose
 * listed text does not settle it is passed over, not waited on: the same rule
 * on every page, so page 2 continues page 1's list.
 */
export async function searchPhrases(
  engine: SearchEngine,
  store: StoryStore,
  view: Visibility,
  query: SearchQuery,
  wanted: number,
): Promise<PhraseResults> {
  const found = await engine.search(view, query, MAX_CHECKS);
  // No story with every word (the any-word fallback is no help): none holds the phrase.
  if (found.anyWord || found.total === 0) {
    return {
      ordinals: [],
      total: 0,
      anyWord: false,
      exact: true,
      checked: 0,
      candidates: 0,
      unchecked: 0,
      excerpts: new Map(),
    };
  }
  const terms = new Map<string, string>();
  /** The field holding the first phrase when `fields` hold every phrase, else -1. */
  const holding = (fields: readonly string[]): number => {
    const [first, ...rest] = query.phrases;
    const at = fields.findIndex((field) => hasPhrase(field, first!, terms));
    if (at === -1) return -1;
    return rest.every((phrase) => fields.some((field) => hasPhrase(field, phrase, terms))) ? at : -1;
  };
  const candidates = found.ordinals;
  const matches: number[] = [];
  const excerpts = new Map<number, PhraseExcerpt>();
  /** The paragraph `paragraphs[field - 1]` (0 is the headline) of the match `ordinal`. */
  const keep = (ordinal: number, paragraphs: readonly string[], field: number): void => {
    if (field === 0) return;
    const text = paragraphs[field - 1]!;
    excerpts.set(ordinal, { text, at: phraseStart(text, query.phrases[0]!, terms) });
  };
  const files = new Set<number>();
  let checked = 0;
  let reads = 0;
  let unchecked = 0;
  check: while (checked < candidates.length && matches.length < wanted) {
    // The next candidates, in order, while their summary files stay within the cap.
    const batch: number[] = [];
    for (const ordinal of candidates.slice(checked, checked + BATCH)) {
      const file = engine.summaryFile(ordinal);
      if (!files.has(file)) {
        if (files.size === MAX_SUMMARY_READS) break;
        files.add(file);
      }
      batch.push(ordinal);
    }
    if (batch.length === 0) break;
    // First from the summary files: the phrase in the listed text, or a whole text without it.
    const listings = await engine.listings(batch);
    const verdicts = listings.map(({ entry, text }, i): boolean | undefined => {
      const field = holding([entry.title, ...wholeWords(text).split("\n")]);
      if (field !== -1) {
        // The paragraph as listed, "…" kept where it is cut (the words checked are the same).
        keep(batch[i]!, text.split("\n"), field);
        return true;
      }
      return text.endsWith("…") ? undefined : false;
    });
    const unknown = batch.filter((_, i) => verdicts[i] === undefined).slice(0, MAX_STORY_READS - reads);
    reads += unknown.length;
    const stories = new Map((await store.at(unknown)).map((story, i) => [unknown[i]!, story]));
    for (let i = 0; i < batch.length; i++) {
      let verdict = verdicts[i];
      if (verdict === undefined) {
        const story = stories.get(batch[i]!);
        if (!story) {
          // Past the reads allowed: passed over, and counted, so the page can say so.
          checked++;
          unchecked++;
          continue;
        }
        const field = holding([story.title, ...story.paragraphs]);
        verdict = field !== -1;
        if (verdict) keep(batch[i]!, story.paragraphs, field);
      }
      checked++;
      if (verdict) matches.push(batch[i]!);
      if (matches.length === wanted) break check;
    }
  }
  // A listed text's match past the last one taken was never counted.
  const taken = new Set(matches);
  for (const ordinal of excerpts.keys()) if (!taken.has(ordinal)) excerpts.delete(ordinal);
  return {
    ordinals: matches,
    total: matches.length,
    anyWord: false,
    exact: checked === found.total && unchecked === 0,
    checked,
    candidates: found.total,
    unchecked,
    excerpts,
  };
}
