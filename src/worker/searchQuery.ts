// A search request as the site reads it: the query normalised to one spelling (so caches and ETags
// are shared), cut to the stated limits, and its index terms.

import { isStopword, termOf, words } from "../core/search/searchTerms";

/** Longest query read, in characters; the rest is cut and the page says so. */
export const MAX_QUERY_LENGTH = 200;
/** Most words searched for; the rest are cut and the page says so. */
export const MAX_QUERY_TERMS = 8;
/** Results per page. */
export const RESULTS_PER_PAGE = 10;
/** Deepest results page (100 pages of 10). */
const MAX_PAGE = 100;

/** How results are ordered. */
export type SearchSort = "relevance" | "date";

/** A search request, normalised. */
export interface SearchQuery {
  /** The query as shown and linked: NFKC, lower case, one space between words, within the limits. */
  readonly text: string;
  /** Distinct index terms of its words, stopwords dropped, at most MAX_QUERY_TERMS. */
  readonly terms: readonly string[];
  /** The words of each phrase in quotes (two words or more), stopwords kept: found side by side, in order. */
  readonly phrases: readonly (readonly string[])[];
  readonly sort: SearchSort;
  readonly page: number;
  /** Whether the query was cut (too long, too many words). */
  readonly cut: boolean;
  /** Whether it had words, all of them too common to search. */
  readonly onlyStopwords: boolean;
}

/**
 * The query of the URL parameters `q`, `sort` and `page` (others are ignored),
 * and the canonical query string (`?q=…&sort=date&page=2`, defaults left out),
 * to which any other spelling redirects.
 */
export function searchQuery(params: URLSearchParams): { query: SearchQuery; canonical: string } {
  // Control characters (NUL included) and runs of space are one space; NFKC folds look-alike forms.
  let text = (params.get("q") ?? "")
    .normalize("NFKC")
    .replace(/[\p{Cc}\p{Z}\s]+/gu, " ")
    .trim()
    .toLowerCase();
  let cut = false;
  if ([...text].length > MAX_QUERY_LENGTH) {
    text = [...text].slice(0, MAX_QUERY_LENGTH).join("").trim();
    cut = true;
  }
  const all = words(text);
  const phrases = quotedPhrases(text);
  const terms = [...new Set(all.filter((word) => !isStopword(word)).map(termOf))];
  if (terms.length > MAX_QUERY_TERMS) cut = true;
  const sort: SearchSort = params.get("sort") === "date" ? "date" : "relevance";
  const pageText = params.get("page") ?? "1";
  const page = /^[1-9]\d{0,2}$/.test(pageText) ? Math.min(Number(pageText), MAX_PAGE) : 1;
  const canonical = new URLSearchParams();
  if (text) canonical.set("q", text);
  if (sort === "date") canonical.set("sort", "date");
  if (page > 1) canonical.set("page", String(page));
  const search = canonical.toString();
  return {
    query: {
      text,
      terms: terms.slice(0, MAX_QUERY_TERMS),
      phrases,
      sort,
      page,
      cut,
      onlyStopwords: all.length > 0 && terms.length === 0,
    },
    canonical: search ? `?${search}` : "",
  };
}

/** Quotation marks a phrase may be put in: ASCII's, and the curly ones phones type for them. */
const QUOTES = /["\u201c\u201d\u201e]/;

/**
 * The phrases of `text`: the words between each pair of quotation marks, when
 * it has two words or more (one word in quotes is that word). Quotation marks
 * left unpaired make no phrase: the query is read as plain words.
 */
function quotedPhrases(text: string): string[][] {
  const parts = text.split(QUOTES);
  if (parts.length % 2 === 0) return []; // an odd number of quotation marks
  return parts
    .filter((_, i) => i % 2 === 1)
    .map((part) => words(part))
    .filter((phrase) => phrase.length > 1);
}
