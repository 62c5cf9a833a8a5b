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
 * The words of `text`: Unicode letters and digits of any script, in order, as
 * NFKD spells them (`ﬁ` -> `fi`, `㎒` -> `mhz`), accents removed and case
 * folded (`Économie` -> `economie`, `ΟΔΟΣ` and `οδος` -> `οδοσ`).
 *
 * No rule here looks past a separator (see isSeparator), so the words of a
 * text are the words of its pieces between separators, joined: the build reads
 * a story piece by piece, a query reads its text whole, and both find the same
 * words. The one rule of toLowerCase that looks around a letter (Final_Sigma
 * in Unicode's SpecialCasing.txt: Σ is ς at a word's end, σ elsewhere, and a
 * `.` or `'` before the next letter does not end the word, so the pieces of
 * `ΑΣ.Β` fold unlike the whole) is undone by folding ς to σ, as Unicode's
 * CaseFolding.txt does. NFKD comes first, so `İ` is `I` and a dot (removed)
 * before toLowerCase could add a dot of its own.
 */
export function words(text: string): string[] {
  return (
    text
      .normalize("NFKD")
      .replace(/\p{M}+/gu, "")
      .toLowerCase()
      .replaceAll("ς", "σ")
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).filter((word) => word.length <= MAX_WORD);
}

/**
 * Whether the UTF-16 code unit `code` parts words: an ASCII character other
 * than a letter or digit. None is a letter, digit or mark, NFKD leaves each as
 * it is, and no rule of `words` looks past one, so `words` of the pieces
 * between them, joined, is `words` of the text
 * (tests/build/searchTerms.property.test.ts checks it over any Unicode text).
 */
export function isSeparator(code: number): boolean {
  return (
    code < 0x80 &&
    !((code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a))
  );
}

/**
 * Where the words of `text` lie: its runs of characters that are not white
 * space, punctuation (Unicode's, which NFKD never turns into a letter or digit)
 * or separators. `words` of the runs, joined, is `words` of the text
 * (tests/build/searchTerms.property.test.ts), so a results page marks a run
 * when its words are the query's: `10㎞` as `10km`, `Apple™` as `appletm`.
 */
export function wordRuns(text: string): IterableIterator<RegExpExecArray> {
  return text.matchAll(/[^\s\p{P}\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+/gu);
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
