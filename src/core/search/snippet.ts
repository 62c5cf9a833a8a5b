// The excerpt a results page shows of a story: the stretch of its text holding the most of the
// query's words, as data (plain and marked pieces) that the page escapes when it renders it.

import { codePointsEnd } from "../codePointsEnd";
import { SUMMARY_LENGTH } from "./indexFormat";
import { termOf, wordRuns, words } from "./searchTerms";

/** A piece of an excerpt: plain text, or a word of the query (shown in `<mark>`). */
export interface Segment {
  readonly text: string;
  readonly marked: boolean;
}

/** Characters shown before the first matched word, so it is read in its context. */
const LEAD = 40;

/** A run of `text` and the query terms its words have (empty when none). */
interface Run {
  readonly start: number;
  readonly end: number;
  readonly terms: readonly string[];
}

/**
 * The runs of `text` with the query terms of their words: a word is marked
 * when its index term is one of `terms`, the rule the index matches by.
 */
function runsOf(text: string, terms: ReadonlySet<string>): Run[] {
  const runs: Run[] = [];
  for (const match of wordRuns(text)) {
    const found = words(match[0])
      .map(termOf)
      .filter((term) => terms.has(term));
    runs.push({ start: match.index, end: match.index + match[0].length, terms: found });
  }
  return runs;
}

/** `text` from `start` to `end` as plain and marked pieces, paragraph breaks shown as spaces. */
function segmentsOf(text: string, runs: readonly Run[], start: number, end: number): Segment[] {
  const segments: Segment[] = [];
  let at = start;
  for (const run of runs) {
    if (run.terms.length === 0 || run.start < start || run.end > end) continue;
    if (run.start > at) segments.push({ text: text.slice(at, run.start).replace(/\n/g, " "), marked: false });
    segments.push({ text: text.slice(run.start, run.end), marked: true });
    at = run.end;
  }
  if (end > at) segments.push({ text: text.slice(at, end).replace(/\n/g, " "), marked: false });
  return segments;
}

/**
 * The excerpt of `text` around its best match: of the stretches of about
 * `length` characters (code points) starting at a word of the query, the one
 * with the most distinct query terms (the first of equals), from a little
 * before that word, cut at words, with "…" where it is cut. Null when no word
 * of `text` is a query term. Given `at` (where a phrase of the query starts, see
 * phraseStart), the stretch starts at the word there: the excerpt shows the phrase.
 */
export function snippet(
  text: string,
  terms: ReadonlySet<string>,
  length = SUMMARY_LENGTH,
  at?: number,
): Segment[] | null {
  const runs = runsOf(text, terms);
  const hits = runs.filter((run) => run.terms.length > 0);
  if (hits.length === 0) return null;
  let best = hits[0]!;
  let bestEnd = best.end;
  const anchor = at === undefined ? undefined : runs.find((run) => run.start >= at);
  if (anchor) {
    // The phrase's first word may be a stopword (no query term): the stretch runs from it to the
    // last query word that fits.
    best = anchor;
    bestEnd = anchor.end;
    const limit = codePointsEnd(text, length, anchor.start);
    for (const hit of hits) if (hit.start >= anchor.start && hit.end <= limit) bestEnd = hit.end;
  } else {
    let bestCount = 0;
    for (let i = 0; i < hits.length; i++) {
      const limit = codePointsEnd(text, length, hits[i]!.start);
      const seen = new Set<string>();
      let end = hits[i]!.end;
      for (let j = i; j < hits.length && hits[j]!.end <= limit; j++) {
        for (const term of hits[j]!.terms) seen.add(term);
        end = hits[j]!.end;
      }
      if (seen.size > bestCount) {
        best = hits[i]!;
        bestEnd = end;
        bestCount = seen.size;
      }
    }
  }
  // From the start of the first word a little before the match (or the text's start), keeping
  // every word of the stretch chosen.
  const from = Math.max(0, best.start - Math.min(LEAD, Math.max(0, length - (bestEnd - best.start))));
  const start = from === 0 ? 0 : (runs.find((run) => run.start >= from)?.start ?? best.start);
  // To the end of the last word that fits.
  const limit = codePointsEnd(text, length, start);
  let end = limit >= text.length ? text.length : start;
  if (end < text.length) for (const run of runs) if (run.start >= start && run.end <= limit) end = run.end;
  if (end <= best.start) end = best.end; // a single word longer than the excerpt
  if (runs.at(-1)!.end <= end) end = text.length; // no word left: the closing punctuation too
  const segments = segmentsOf(text, runs, start, end);
  if (start > 0) segments.unshift({ text: "…", marked: false });
  if (end < text.length) segments.push({ text: "…", marked: false });
  return segments;
}

/** The head of `text` (about `length` characters, cut at a word, "…" when cut), with `terms` marked. */
export function head(text: string, terms: ReadonlySet<string>, length = SUMMARY_LENGTH): Segment[] {
  const runs = runsOf(text, terms);
  const limit = codePointsEnd(text, length);
  if (limit >= text.length) return segmentsOf(text, runs, 0, text.length);
  let end = 0;
  for (const run of runs) if (run.end <= limit) end = run.end;
  if (end === 0) end = limit;
  const last = runs.at(-1);
  if (!last || last.end <= end) return segmentsOf(text, runs, 0, text.length);
  return [...segmentsOf(text, runs, 0, end), { text: "…", marked: false }];
}
