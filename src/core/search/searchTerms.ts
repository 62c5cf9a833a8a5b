// The words of a text as the search index and a query both see them: the one tokenizer shared by
// the build and the Worker, so a query finds exactly what the index holds.

import { stemmer } from "stemmer";

/**
 * Words too common to mean anything in a query; not indexed. English, as the
 * stemmer is: a site in another language still finds every other word.
 */
const STOPWORDS = new Set(
  (
    "a about after all also an and any are as at be been before but by can could did do does for from had " +
    "has have he her his how i if in into is it its just may more most my no not of on one or our out over " +
    "said says she so some than that the their them then there these they this those to up was we were what " +
    "when where which who will with would you your"
  ).split(" "),
);

/** Longest word indexed, in characters: longer runs are noise (hashes, URLs). */
const MAX_WORD = 40;

/**
 * The words of `text`: Unicode letters and digits of any script, case-folded,
 * accents removed (`Économie` -> `economie`), in order.
 */
export function words(text: string): string[] {
  return (
    text
      .normalize("NFKD")
      .replace(/\p{M}+/gu, "")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).filter((word) => word.length <= MAX_WORD);
}

/** Whether `word` (from `words`) is too common to index or search. */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** The index term of a word: its English (Porter) stem, so `talks` and `talk` meet. */
export function termOf(word: string): string {
  return /^[a-z]+$/.test(word) ? stemmer(word) : word;
}

/** The index terms of `text`, stopwords dropped, in order (repeats kept: they count). */
export function searchTerms(text: string): string[] {
  return words(text)
    .filter((word) => !isStopword(word))
    .map(termOf);
}
