// Search excerpts: cut around the matched words (not the summary's head), those words marked by
// the index's term rule, every piece escaped.

import { describe, expect, it } from "vitest";
import { head, snippet, type Segment } from "../../src/core/search/snippet";
import { searchTerms } from "../../src/core/search/searchTerms";
import type { Story } from "../../src/core/types";
import { createApp } from "../../src/worker/createApp";
import { contentOf, makeSite, makeStory } from "../fixtures/stories";

const FILLER = "The council met on Tuesday and heard from residents about parking, buses and the library.";

/** A story whose summary is its first paragraph, as the build derives it. */
function story(n: number, title: string, paragraphs: string[], extra: Partial<Story> = {}): Story {
  return makeStory(n, { title, paragraphs, summary: paragraphs[0]!, ...extra });
}

async function search(stories: Story[], q: string): Promise<string> {
  const app = await createApp(contentOf(stories, 4), makeSite());
  const res = await app.request(`/search?${new URLSearchParams({ q }).toString()}`);
  expect(res.status).toBe(200);
  return res.text();
}

/** The excerpts of a results page, as HTML. */
async function excerpts(html: string): Promise<string[]> {
  const found: string[] = [];
  const items = html.split('<ul class="stories">')[1]?.split("</ul>")[0] ?? "";
  for (const item of items.split("<li>").slice(1)) found.push(/<p>(.*)<\/p>/s.exec(item)![1]!);
  return found;
}

const terms = (q: string) => new Set(searchTerms(q));
const plain = (segments: readonly Segment[]) => segments.map((s) => s.text).join("");
const marks = (segments: readonly Segment[]) => segments.filter((s) => s.marked).map((s) => s.text);

describe("results page excerpts", () => {
  it("shows the matched word found only deep in the text (past the summary), marked", async () => {
    const html = await search(
      [
        story(1, "Council meeting", [
          FILLER,
          `${FILLER} Later the mayor said talks with Korea on trade would resume in spring.`,
          FILLER,
        ]),
      ],
      "korea",
    );
    const [excerpt] = await excerpts(html);
    expect(excerpt).toContain("<mark>Korea</mark>");
    expect(excerpt).toMatch(/^…/); // cut from the middle of the text, not its head
    expect(excerpt).toContain("talks with <mark>Korea</mark> on trade");
  });

  it("escapes the text around the match: a story's markup is shown, never run", async () => {
    const html = await search(
      [
        story(1, "Letters", [
          FILLER,
          `${FILLER} A reader wrote <script>alert("x")</script> & <b>Korea</b> too.`,
        ]),
      ],
      "korea",
    );
    const [excerpt] = await excerpts(html);
    expect(excerpt).toContain(
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;<mark>Korea</mark>&lt;/b&gt;",
    );
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>");
  });

  it("marks words by their index term (other forms, any case and accents)", async () => {
    const html = await search(
      [story(1, "Économie", [FILLER, `${FILLER} Negotiators TALKED about the ÉCONOMIE for hours.`])],
      "talks economie",
    );
    const [excerpt] = await excerpts(html);
    expect(excerpt).toContain("Negotiators <mark>TALKED</mark> about the <mark>ÉCONOMIE</mark> for hours.");
  });

  it("shows the summary's head when the words are only in the headline", async () => {
    const own = story(1, "Korea talks resume", [FILLER, FILLER], { summary: "Our own summary of the day." });
    const [excerpt] = await excerpts(await search([own], "korea"));
    expect(excerpt).toBe("Our own summary of the day.");
    const derived = story(2, "Korea talks resume", [FILLER]);
    const [head] = await excerpts(await search([derived], "korea"));
    expect(head).toBe(FILLER);
  });
});

describe("phrase excerpts", () => {
  it("cut from the one paragraph holding the phrase, in a story read whole, showing the phrase", async () => {
    // Past the listed text; the paragraph before has both words apart, which the excerpt of the
    // whole text would have shown.
    const [excerpt] = await excerpts(
      await search(
        [
          story(1, "Envoys", [
            FILLER,
            FILLER,
            FILLER,
            FILLER,
            FILLER,
            FILLER,
            "Korea north.",
            "North Korea answered.",
          ]),
        ],
        '"north korea"',
      ),
    );
    expect(excerpt).toBe("<mark>North</mark> <mark>Korea</mark> answered.");
  });

  it("starts at the phrase, not at the stretch of its paragraph with the most query words", async () => {
    const paragraph = `Korea and the north argued, ${"and the talks went on and on, ".repeat(6)}until North Korea talked.`;
    for (const paragraphs of [[paragraph], [FILLER, FILLER, FILLER, FILLER, FILLER, FILLER, paragraph]]) {
      const [excerpt] = await excerpts(await search([story(1, "Talks", paragraphs)], '"north korea" talks'));
      expect(excerpt).toContain("<mark>North</mark> <mark>Korea</mark> <mark>talked</mark>.");
      expect(excerpt).not.toContain("Korea</mark> and the");
    }
  });
});

describe("snippet", () => {
  it("given where a phrase starts, shows it from there (a stopword first too)", () => {
    // The text's head has the same query words, apart: without `at` the excerpt would be there.
    const text = `State art in Korea, ${"filler words go on. ".repeat(10)}The state of the art in Korea.`;
    const at = text.indexOf("state");
    const segments = snippet(text, terms("state art korea"), 60, at)!;
    expect(plain(segments)).toMatch(/^…[a-z .]*The state of the art in Korea\.$/);
    expect(marks(segments)).toEqual(["state", "art", "Korea"]);
  });

  it("is null when no word of the text is a query term", () => {
    expect(snippet("Nothing to see here.", terms("korea"))).toBeNull();
  });

  it("prefers the stretch with the most distinct query words, and cuts at words", () => {
    const text = `Korea is far. ${"Filler words go on and on. ".repeat(8)}North Korea and its neighbours talked.`;
    const segments = snippet(text, terms("north korea talks"), 60)!;
    expect(marks(segments)).toEqual(["North", "Korea", "talked"]);
    expect(plain(segments)).toMatch(/^…/);
    expect(plain(segments)).toMatch(/talked\.$/);
  });

  it("starts at the text's head when the match is near it, ends with … when cut", () => {
    const text = `Korea said ${"more words follow here ".repeat(20)}`;
    const segments = snippet(text, terms("korea"), 40)!;
    expect(segments[0]).toEqual({ text: "Korea", marked: true });
    expect(plain(segments)).toMatch(/…$/);
    expect(plain(segments)).not.toMatch(/\s…$/);
  });

  it("shows paragraph breaks as spaces", () => {
    expect(plain(snippet("First.\nKorea second.", terms("korea"))!)).toBe("First. Korea second.");
  });

  it("never cuts a surrogate pair", () => {
    const text = `${"😀".repeat(100)} korea ${"😀".repeat(100)}`;
    for (const piece of snippet(text, terms("korea"), 30)!)
      expect(piece.text).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
  });

  it("head marks the words and cuts at a word", () => {
    const segments = head("Korea talks went on for a long while today", terms("korea"), 20);
    expect(marks(segments)).toEqual(["Korea"]);
    expect(plain(segments)).toBe("Korea talks went on…");
  });
});
