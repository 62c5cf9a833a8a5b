// Search reads Greek capitals as the index holds them: a Σ at a word's end (ς in lower case) and a Σ
// within a word (σ) are one letter, whether the index met the word alone or the query in a sentence.

import { describe, expect, it } from "vitest";
import { createApp } from "../../src/worker/createApp";
import { textsOf } from "../fixtures/htmlQuery";
import { contentOf, makeSite, makeStory } from "../fixtures/stories";

async function app() {
  const stories = [
    makeStory(3, { title: "ΑΣ.Β report", paragraphs: ["Filed under ΑΣ.Β."], summary: "Filed." }),
    makeStory(2, { title: "Ο ΔΡΟΜΟΣ", paragraphs: ["Ο δρόμος έκλεισε."], summary: "Closed." }),
    makeStory(1, { title: "Weather", paragraphs: ["Rain."], summary: "Rain." }),
  ];
  return createApp(contentOf(stories, 4), makeSite());
}

/** The search page for `q`, after its redirect to the query's one spelling, if any. */
async function search(q: string): Promise<{ titles: string[]; html: string }> {
  const search = await app();
  let res = await search.request(`/search?q=${encodeURIComponent(q)}`);
  if (res.status === 301) res = await search.request(res.headers.get("Location")!);
  expect(res.status).toBe(200);
  const html = await res.text();
  return { titles: await textsOf(html, ".stories h2 a"), html };
}

describe("search of Greek capitals", () => {
  it.each(["ΑΣ.Β", "ασ.β", "ας β", "ΑΣ Β"])("finds ΑΣ.Β by every word of %s", async (q) => {
    const { titles, html } = await search(q);
    expect(titles).toEqual(["ΑΣ.Β report"]);
    expect(html).not.toContain("with some of your words");
  });

  it.each(["δρομος", "ΔΡΟΜΟΣ.", "δρομοσ", "ΔΡΟΜΟΣ'"])("finds ΔΡΟΜΟΣ and δρόμος by %s", async (q) => {
    expect((await search(q)).titles).toEqual(["Ο ΔΡΟΜΟΣ"]);
  });
});
