// Property: for any text XML allows, every format and the HTML page give back exactly what the seed said.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { forbiddenCharacter } from "../../src/core/forbiddenCharacter";
import type { Story } from "../../src/core/types";
import { renderAtom } from "../../src/feeds/renderAtom";
import { renderJsonFeed } from "../../src/feeds/renderJsonFeed";
import { renderRss } from "../../src/feeds/renderRss";
import { renderStoryPage } from "../../src/pages/renderStoryPage";
import { decodeEntities, textsOf } from "../fixtures/htmlQuery";
import { paragraphsOf, parseXml, textOf } from "../fixtures/parseXml";
import { NOW, makeSite, makeStory } from "../fixtures/stories";

/** A line as a seed can hold it: any code points XML allows, trimmed, non-empty, no line break. */
const line = fc
  .string({
    unit: fc.oneof(
      fc.constantFrom("&", "<", ">", "]]>", '"', "'", "\u2011", "\t", " "),
      fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
    ),
    minLength: 1,
    maxLength: 40,
  })
  .map((text) => text.replace(/[\r\n\u0085\u2028\u2029]/g, " ").trim())
  .filter((text) => text !== "" && forbiddenCharacter(text) === null);

const story = fc
  .record({ title: line, paragraphs: fc.array(line, { minLength: 1, maxLength: 4 }), summary: line })
  .map((fields): Story => makeStory(1, fields));

const current = (stories: Story[]) => ({ stories, archivePage: null, archives: 0 });

describe("round trip (property)", () => {
  it("RSS, Atom and JSON Feed give back every headline, summary and paragraph exactly", () => {
    fc.assert(
      fc.property(story, (s) => {
        const site = makeSite();
        const rss = parseXml(renderRss(site, current([s]))).rss.channel.item[0];
        expect(textOf(rss.title)).toBe(s.title);
        expect(paragraphsOf(`<p>${textOf(rss.description)}</p>`)).toEqual([s.summary]);
        expect(paragraphsOf(textOf(rss["content:encoded"]))).toEqual(s.paragraphs);
        const atom = parseXml(renderAtom(site, current([s]))).feed.entry[0];
        expect(textOf(atom.title)).toBe(s.title);
        expect(textOf(atom.summary)).toBe(s.summary);
        expect(paragraphsOf(textOf(atom.content))).toEqual(s.paragraphs);
        const json = JSON.parse(renderJsonFeed(site, current([s]))).items[0];
        expect([json.title, json.summary]).toEqual([s.title, s.summary]);
        expect(paragraphsOf(json.content_html)).toEqual(s.paragraphs);
      }),
      { numRuns: 300 },
    );
  });

  it("the permalink page shows the text escaped, never as markup", async () => {
    await fc.assert(
      fc.asyncProperty(story, async (s) => {
        const html = renderStoryPage(makeSite(), s, { newer: null, older: null }, NOW);
        expect((await textsOf(html, "h1")).map(decodeEntities)).toEqual([s.title]);
        expect((await textsOf(html, "article > p")).map(decodeEntities)).toEqual(s.paragraphs);
        // The only script is the JSON-LD block, and it gives the headline back exactly.
        expect(html.match(/<script/g)).toEqual(["<script"]);
        const [jsonLd] = await textsOf(html, 'script[type="application/ld+json"]');
        expect(jsonLd).not.toMatch(/[<>&]/);
        expect(JSON.parse(jsonLd!).headline).toBe(s.title);
      }),
      { numRuns: 150 },
    );
  });
});
