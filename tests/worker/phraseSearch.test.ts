// Phrase search: words in quotes are found side by side and in order (stopwords included, checked
// against the text), mixed with plain words, in the results page and the search feeds; unpaired
// quotes are plain words; the count says when not every candidate was checked, or could be.

import { describe, expect, it } from "vitest";
import { hasPhrase } from "../../src/core/search/phrase";
import { words } from "../../src/core/search/searchTerms";
import type { Story } from "../../src/core/types";
import { createApp } from "../../src/worker/createApp";
import { MAX_CHECKS, MAX_STORY_READS, MAX_SUMMARY_READS } from "../../src/worker/phraseSearch";
import { searchQuery } from "../../src/worker/searchQuery";
import { textsOf } from "../fixtures/htmlQuery";
import { contentOf, makeSite, makeStory } from "../fixtures/stories";

const FILLER = "The council met on Tuesday and heard from residents about parking, buses and the library.";

function story(n: number, title: string, paragraphs: string[]): Story {
  return makeStory(n, { title, paragraphs, summary: paragraphs[0]! });
}

/** Newest first; the phrase `north korea` in some, its words apart or reversed in others. */
function corpus(): Story[] {
  return [
    story(9, "Summit planned", ["Leaders of North Korea and the South will meet."]),
    story(8, "Trade figures", ["Exports to Korea rose; the north of the country saw most of it."]),
    story(7, "Border report", ["Korea North talks: a report on the border."]),
    story(6, "Talks", [FILLER, FILLER, FILLER, FILLER, FILLER, FILLER, "Envoys of north korea held talks."]),
    story(5, "Art fair", ["A state of the art museum opens."]),
    story(4, "Art history", ["The state art collection grows."]),
    story(3, "Art schools", ["The state of art teaching worries parents."]),
    story(2, "Split", ["Cities of the north.", "Korea answered."]),
    story(1, "Envoys", [FILLER, FILLER, FILLER, FILLER, FILLER, FILLER, "North envoys of Korea met."]),
  ];
}

async function titles(stories: Story[], q: string, path = "/search"): Promise<string[]> {
  const app = await createApp(contentOf(stories, 4), makeSite());
  const res = await app.request(`${path}?${new URLSearchParams({ q }).toString()}`);
  expect(res.status).toBe(200);
  return textsOf(await res.text(), ".stories h2 a");
}

describe("phrase search", () => {
  it('"north korea" finds the words side by side, in order: not apart, reversed or across paragraphs', async () => {
    expect(await titles(corpus(), '"north korea"')).toEqual(["Summit planned", "Talks"]);
    expect(await titles(corpus(), "north korea")).toHaveLength(6);
  });

  it("finds a phrase deep in a long text (past what the summary files hold), and only there", async () => {
    expect(await titles(corpus(), '"envoys of north korea"')).toEqual(["Talks"]);
    expect(await titles(corpus(), "envoys north korea")).toEqual(["Envoys", "Talks"]);
  });

  it("mixes a phrase and plain words: every word required, the phrase in order", async () => {
    expect(await titles(corpus(), '"north korea" talks')).toEqual(["Talks"]);
    expect(await titles(corpus(), 'talks "korea north"')).toEqual(["Border report"]);
  });

  it("checks stopwords against the text: “state of the art” is not “state art” nor “state of art”", async () => {
    expect(await titles(corpus(), '"state of the art"')).toEqual(["Art fair"]);
    expect(await titles(corpus(), "state of the art")).toHaveLength(3);
  });

  it("reads unpaired quotes as plain words", async () => {
    expect(await titles(corpus(), '"north korea')).toHaveLength(6);
    expect(await titles(corpus(), 'north" korea "talks')).toEqual(
      await titles(corpus(), "north korea talks"),
    );
  });

  it("takes curly quotes as phones type them", async () => {
    expect(await titles(corpus(), "“north korea”")).toEqual(["Summit planned", "Talks"]);
  });

  it("the search feeds carry only the stories with the phrase", async () => {
    const app = await createApp(contentOf(corpus(), 4), makeSite());
    const res = await app.request(
      `/search/feed.json?${new URLSearchParams({ q: '"north korea"' }).toString()}`,
    );
    expect(res.status).toBe(200);
    const feed = (await res.json()) as { items: { title: string }[] };
    expect(feed.items.map((item) => item.title)).toEqual(["Summit planned", "Talks"]);
  });

  it("counts exactly when every story with the words was checked", async () => {
    const app = await createApp(contentOf(corpus(), 4), makeSite());
    const html = await (await app.request(`/search?${new URLSearchParams({ q: '"north korea"' })}`)).text();
    expect(html).toContain("2 stories, best matches first");
  });

  it("says how many were checked when a page is filled before all were, and links the next page", async () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      story(30 - i, `Story ${30 - i}`, ["North Korea said so."]),
    );
    const app = await createApp(contentOf(many, 10), makeSite());
    const html = await (await app.request(`/search?${new URLSearchParams({ q: '"north korea"' })}`)).text();
    expect(await textsOf(html, ".stories h2 a")).toHaveLength(10);
    expect(html).toMatch(/At least 11 stories with the phrase \(the first 11 of the 30 stories/);
    expect(html).toContain('rel="next"');
  });

  it("says so when the stories it may read whole were not enough to find one", async () => {
    // Thirty stories with both words apart, the phrase nowhere, each text longer than the summary files hold.
    const apart = Array.from({ length: 30 }, (_, i) =>
      story(30 - i, `Story ${30 - i}`, [
        FILLER,
        FILLER,
        FILLER,
        FILLER,
        FILLER,
        FILLER,
        "Korea and the north.",
      ]),
    );
    const app = await createApp(contentOf(apart, 10), makeSite());
    const html = await (await app.request(`/search?${new URLSearchParams({ q: '"north korea"' })}`)).text();
    expect(await textsOf(html, ".stories h2 a")).toEqual([]);
    expect(html).toContain(
      `Of the 30 stories with every word of “&quot;north korea&quot;”, ${30 - MAX_STORY_READS} could not be checked here and none of the others holds the words in quotes side by side.`,
    );
  });
});

/** A story with both words apart, far past what the summary files hold: only a whole read settles it. */
function unsettled(n: number): Story {
  return story(n, `Apart ${n}`, [FILLER, FILLER, FILLER, FILLER, FILLER, FILLER, "Korea and the north."]);
}

/** The results page `page` of `q` newest first, over `stories`, and its result titles. */
async function byDate(stories: Story[], q: string, page = 1): Promise<{ html: string; titles: string[] }> {
  const app = await createApp(contentOf(stories, 10), makeSite());
  const params = new URLSearchParams({ q, sort: "date" });
  if (page > 1) params.set("page", String(page));
  const res = await app.request(`/search?${params.toString()}`);
  expect(res.status).toBe(200);
  const html = await res.text();
  return { html, titles: await textsOf(html, ".stories h2 a") };
}

describe("once the stories it may read whole are spent", () => {
  it("still finds a later story whose listed text holds the phrase, and says how many could not be checked", async () => {
    // Newest first: more stories only a whole read settles than it may read, then one with the phrase.
    const past = 2;
    const stories = [
      ...Array.from({ length: MAX_STORY_READS + past }, (_, i) => unsettled(MAX_STORY_READS + past + 1 - i)),
      story(1, "Match", ["North Korea said so."]),
    ];
    const { html, titles } = await byDate(stories, '"north korea"');
    expect(titles).toEqual(["Match"]);
    expect(html).toContain(
      `At least 1 story with the phrase (of the ${MAX_STORY_READS + past + 1} stories with all of its words, ${past} could not be checked here)`,
    );
  });

  it("pages on where the last page's list ends, by the same rule", async () => {
    // Newest first: five stories only a whole read settles, then fifteen with the phrase in their listed text.
    const stories = [
      ...Array.from({ length: 5 }, (_, i) => unsettled(20 - i)),
      ...Array.from({ length: 15 }, (_, i) => story(15 - i, `Match ${15 - i}`, ["North Korea said so."])),
    ];
    const first = await byDate(stories, '"north korea"');
    const second = await byDate(stories, '"north korea"', 2);
    expect(first.titles).toEqual(Array.from({ length: 10 }, (_, i) => `Match ${15 - i}`));
    expect(first.html).toContain('rel="next"');
    expect(second.titles).toEqual(Array.from({ length: 5 }, (_, i) => `Match ${5 - i}`));
    expect(second.html).toContain(
      `At least 15 stories with the phrase (of the 20 stories with all of its words, ${5 - MAX_STORY_READS} could not be checked here)`,
    );
    expect(second.html).not.toContain('rel="next"');
  });
});

/** The results page of `q` and the summary files it read, on a fresh app over `stories` (nothing cached). */
async function cold(stories: Story[], q: string, page = 1): Promise<{ html: string; files: number }> {
  const content = contentOf(stories, 10);
  let files = 0;
  const read = (path: string) => {
    if (path.startsWith("/_search/s/")) files++;
    return content.read(path);
  };
  const app = await createApp({ ...content, read }, makeSite());
  const params = new URLSearchParams({ q });
  if (page > 1) params.set("page", String(page));
  const res = await app.request(`/search?${params.toString()}`);
  expect(res.status).toBe(200);
  return { html: await res.text(), files };
}

describe("what one phrase request may read", () => {
  it("checks at most MAX_CHECKS stories whatever the page, and offers only the pages they fill", async () => {
    // 300 stories with the phrase, in 19 summary files: the checks, not the files, are the limit.
    const many = Array.from({ length: 300 }, (_, i) =>
      story(300 - i, `Story ${300 - i}`, ["North Korea said so."]),
    );
    const tenth = await cold(many, '"north korea"', 10);
    const last = await cold(many, '"north korea"', 100);
    expect(last.files).toBe(tenth.files);
    expect(last.files).toBeLessThanOrEqual(Math.ceil(MAX_CHECKS / 16));
    expect(tenth.html).toContain(
      `At least ${MAX_CHECKS} stories with the phrase (the first ${MAX_CHECKS} of the 300 stories with all of its words were checked)`,
    );
    expect(await textsOf(tenth.html, ".stories h2 a")).toHaveLength(10);
    expect(tenth.html).not.toContain('rel="next"');
    expect(await textsOf(last.html, ".stories h2 a")).toEqual([]);
    expect(last.html).toContain(
      `There are no results on page 100: the ${MAX_CHECKS} stories found with the phrase`,
    );
  });

  it("reads at most MAX_SUMMARY_READS summary files, however scattered the best matches are", async () => {
    // The best matches (the phrase three times) are one story in 16: each in its own summary file.
    const scattered = Array.from({ length: 400 }, (_, i) =>
      story(400 - i, `Story ${400 - i}`, [
        i % 16 === 0 ? "North Korea, North Korea, North Korea said so." : "North Korea said so.",
      ]),
    );
    const third = await cold(scattered, '"north korea"', 3);
    expect(third.files).toBeLessThanOrEqual(MAX_SUMMARY_READS);
    expect(third.html).toContain(
      `the ${MAX_SUMMARY_READS} stories found with the phrase are on pages 1 to 2 (the first ${MAX_SUMMARY_READS} of the `,
    );
    const second = await cold(scattered, '"north korea"', 2);
    expect(await textsOf(second.html, ".stories h2 a")).toHaveLength(10);
    expect(second.html).not.toContain('rel="next"');
  });

  it("says plainly that a page past the results is empty, and where the last results are", async () => {
    const thirty = Array.from({ length: 30 }, (_, i) =>
      story(30 - i, `Story ${30 - i}`, ["North Korea said so."]),
    );
    for (const q of ['"north korea"', "north korea"]) {
      const { html } = await cold(thirty, q, 5);
      expect(html).not.toContain('class="stories"');
      expect(html).not.toMatch(/role="status">\d+ stor/);
      expect(html).toContain("There are no results on page 5: the 30 stories found are on pages 1 to 3.");
      expect(html).toContain(
        `href="/search?${new URLSearchParams({ q, page: "3" }).toString().replace("&", "&amp;")}"`,
      );
    }
  });

  it("does not take a word cut at the end of the listed text as whole (10㎞s cut to 10㎞… is not 10km)", async () => {
    // The listed text is cut at its 480th character, just after ㎞ (no space in its second half).
    const paragraph = `ab ${"y-".repeat(235)}run-10㎞s and more.`;
    const race = story(1, "The 10km race", [paragraph]);
    expect(await titles([race], '"run 10km"')).toEqual([]);
    expect(await titles([race], '"run 10kms"')).toEqual(["The 10km race"]);
  });
});

describe("query parsing", () => {
  const parse = (q: string) => searchQuery(new URLSearchParams({ q })).query;

  it("keeps each quoted part of two words or more as a phrase, stopwords included", () => {
    expect(parse('"north korea" talks "state of the art"').phrases).toEqual([
      ["north", "korea"],
      ["state", "of", "the", "art"],
    ]);
    expect(parse('"korea" talks').phrases).toEqual([]);
    expect(parse('"north korea').phrases).toEqual([]);
    expect(parse('"north korea" talks').terms).toEqual(["north", "korea", "talk"]);
  });
});

describe("hasPhrase", () => {
  const has = (text: string, phrase: string) => hasPhrase(text, words(phrase), new Map());

  it("matches words by their index term, across punctuation, in order only", () => {
    expect(has("Negotiators talked; resumed talks.", "talks resume")).toBe(true);
    expect(has("North. Korea", "north korea")).toBe(true);
    expect(has("Korea north", "north korea")).toBe(false);
    expect(has("north and korea", "north korea")).toBe(false);
    expect(has("ÉCONOMIE Française", "economie francaise")).toBe(true);
  });
});
