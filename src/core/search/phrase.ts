// Whether a text holds a quoted phrase: its words side by side and in order, each matched by the
// index's term rule, stopwords included (they are not indexed, so only the text can tell).

import { termOf, words } from "./searchTerms";

/**
 * Whether `text` holds the words of `phrase` (as `words` gives them) side by
 * side and in order, a word of the text matching a word of the phrase when
 * their index terms are equal (`talks resumed` finds "talk resumes"). Words
 * are what `words` reads, so punctuation between them does not part them
 * ("north. Korea" holds `north korea`); a caller checks each paragraph apart.
 * `terms` memoises termOf over the words of one request.
 */
export function hasPhrase(text: string, phrase: readonly string[], terms: Map<string, string>): boolean {
  if (phrase.length === 0) return true;
  const termAt = (word: string): string => {
    let term = terms.get(word);
    if (term === undefined) terms.set(word, (term = termOf(word)));
    return term;
  };
  const wanted = phrase.map(termAt);
  const found = words(text);
  const first = wanted[0]!;
  search: for (let i = 0; i + wanted.length <= found.length; i++) {
    // The stemmer changes only a word's ending: a word not starting as the term does cannot match it.
    if (found[i]![0] !== first[0] || termAt(found[i]!) !== first) continue;
    for (let k = 1; k < wanted.length; k++) if (termAt(found[i + k]!) !== wanted[k]) continue search;
    return true;
  }
  return false;
}
