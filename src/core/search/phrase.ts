// Whether a text holds a quoted phrase, and where: its words side by side and in order, each
// matched by the index's term rule, stopwords included (they are not indexed, so only the text can tell).

import { termOf, wordRuns, words } from "./searchTerms";

/** The index of the first word of `found` where `phrase` starts, or -1. */
function phraseIndex(
  found: readonly string[],
  phrase: readonly string[],
  terms: Map<string, string>,
): number {
  if (phrase.length === 0) return 0;
  const termAt = (word: string): string => {
    let term = terms.get(word);
    if (term === undefined) terms.set(word, (term = termOf(word)));
    return term;
  };
  const wanted = phrase.map(termAt);
  const first = wanted[0]!;
  search: for (let i = 0; i + wanted.length <= found.length; i++) {
    // The stemmer changes only a word's ending: a word not starting as the term does cannot match it.
    if (found[i]![0] !== first[0] || termAt(found[i]!) !== first) continue;
    for (let k = 1; k < wanted.length; k++) if (termAt(found[i + k]!) !== wanted[k]) continue search;
    return i;
  }
  return -1;
}

/**
 * Whether `text` holds the words of `phrase` (as `words` gives them) side by
 * side and in order, a word of the text matching a word of the phrase when
 * their index terms are equal (`talks resumed` finds "talk resumes"). Words
 * are what `words` reads, so punctuation between them does not part them
 * ("north. Korea" holds `north korea`); a caller checks each paragraph apart.
 * `terms` memoises termOf over the words of one request.
 */
export function hasPhrase(text: string, phrase: readonly string[], terms: Map<string, string>): boolean {
  return phraseIndex(words(text), phrase, terms) !== -1;
}

/**
 * Where in `text` (a UTF-16 index) the first place `hasPhrase` finds `phrase`
 * starts: the start of the word run (see wordRuns) holding its first word; -1
 * when `text` does not hold it. For the one paragraph an excerpt is cut from.
 */
export function phraseStart(text: string, phrase: readonly string[], terms: Map<string, string>): number {
  const index = phraseIndex(words(text), phrase, terms);
  if (index === -1) return -1;
  // words() of the runs, joined, is words() of the text: count the words run by run.
  let count = 0;
  for (const run of wordRuns(text)) {
    count += words(run[0]).length;
    if (count > index) return run.index;
  }
  return -1;
}
