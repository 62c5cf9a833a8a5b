import { describe, expect, it } from "vitest";
import { dateRfc3339, dateRfc822 } from "../../src/core/dates";
import { escapeXml } from "../../src/core/escapeXml";
import { forbiddenCharacter } from "../../src/core/forbiddenCharacter";
import { newestDate } from "../../src/core/newestDate";
import { slugify } from "../../src/core/slugify";
import { storyPath } from "../../src/core/storyPath";
import { makeStory } from "../fixtures/stories";

describe("escapeXml", () => {
  it("escapes &, <, > and double quotes, and nothing else", () => {
    expect(escapeXml(`<a href="x">&amp;'</a> ]]> é\u2011🦄`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;&amp;amp;'&lt;/a&gt; ]]&gt; é\u2011🦄",
    );
  });
});

describe("forbiddenCharacter", () => {
  it("finds C0/C1 controls, DEL, U+FFFE/U+FFFF and lone surrogates", () => {
    expect(forbiddenCharacter("ok\tfine é 🦄")).toBeNull();
    expect(forbiddenCharacter("ab\u0000")).toEqual({ index: 2, codePoint: "U+0000" });
    expect(forbiddenCharacter("\u007f")).toEqual({ index: 0, codePoint: "U+007F" });
    expect(forbiddenCharacter("x\u0085")).toEqual({ index: 1, codePoint: "U+0085" });
    expect(forbiddenCharacter("\uFFFF")).toEqual({ index: 0, codePoint: "U+FFFF" });
    expect(forbiddenCharacter("a\uD800b")).toEqual({ index: 1, codePoint: "U+D800" });
    expect(forbiddenCharacter("a\uDC00")).toEqual({ index: 1, codePoint: "U+DC00" });
  });
});

describe("dates", () => {
  it("formats RFC 3339 at second precision and RFC 822 with GMT", () => {
    const date = new Date("2026-11-29T08:05:09.123Z");
    expect(dateRfc3339(date)).toBe("2026-11-29T08:05:09Z");
    expect(dateRfc822(date)).toBe("Sun, 29 Nov 2026 08:05:09 GMT");
  });

  it("takes a feed's date from the newest story, never the clock", () => {
    const stories = [makeStory(1), makeStory(3), makeStory(2)];
    expect(newestDate(stories, "1970-01-01T00:00:00Z")).toBe("2026-01-04T09:30:00Z");
    expect(newestDate([], "1970-01-01T00:00:00Z")).toBe("1970-01-01T00:00:00Z");
  });
});

describe("slugify and storyPath", () => {
  it("makes short ASCII slugs and paths that carry the id", () => {
    expect(slugify("Trump Calls for Meeting — with Kim: “Now”!")).toBe(
      "trump-calls-for-meeting-with-kim-now",
    );
    expect(slugify("Café Société à Paris")).toBe("cafe-societe-a-paris");
    expect(slugify("ציון 🦄")).toBe("story");
    expect(slugify("word ".repeat(40)).length).toBeLessThanOrEqual(80);
    expect(storyPath({ id: "abc", slug: "x-y" })).toBe("/stories/abc/x-y");
  });
});
