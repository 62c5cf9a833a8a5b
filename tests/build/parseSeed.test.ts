import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSeed } from "../../src/build/parseSeed";

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function draftOf(text: string | Uint8Array) {
  const result = parseSeed("seeds/001_x.txt", typeof text === "string" ? utf8(text) : text);
  if ("problems" in result) throw new Error(result.problems.map((p) => `${p.line}: ${p.message}`).join("\n"));
  return result.draft;
}

function problemsOf(text: string | Uint8Array) {
  const result = parseSeed("seeds/001_x.txt", typeof text === "string" ? utf8(text) : text);
  if (!("problems" in result)) throw new Error("expected problems");
  return result.problems;
}

describe("parseSeed", () => {
  it("reads the shipped seed: headline, five paragraphs, U+2011 kept", () => {
    const draft = draftOf(readFileSync("seeds/000_a24f3107751dc8e8.txt"));
    expect(draft.title).toBe("Trump Calls for Meeting with North Korean Leader During Asia Tour");
    expect(draft.paragraphs).toHaveLength(5);
    expect(draft.paragraphs[0]).toContain("face\u2011to\u2011face");
    expect(draft.paragraphs[4]!.endsWith("non\u2011proliferation efforts.")).toBe(true);
  });

  it("reads BOM, CRLF, lone CR, trailing blanks, blank lines and no final newline alike", () => {
    const textOf = ({ paragraphBytes: _, ...text }: ReturnType<typeof draftOf>) => text;
    const clean = textOf(draftOf("Headline\nOne.\nTwo.\n"));
    expect(textOf(draftOf("\uFEFFHeadline  \r\n\r\nOne.\t\r\n   \r\nTwo."))).toEqual(clean);
    expect(textOf(draftOf("Headline\rOne.\rTwo.\r"))).toEqual(clean);
    expect(textOf(draftOf("\n\nHeadline\nOne.\n\n\nTwo.\n\n"))).toEqual(clean);
  });

  it("says where each paragraph's bytes are, white space trimmed off either end", () => {
    const bytes = utf8("\uFEFFHeadline\r\n\u3000 Ünë\t\r\n\r\n  Two “x” \u00a0\nthree");
    const draft = draftOf(bytes);
    expect(draft.paragraphs).toEqual(["Ünë", "Two “x”", "three"]);
    const spans = draft.paragraphBytes!;
    const decoded = draft.paragraphs.map((_, i) =>
      new TextDecoder().decode(bytes.subarray(spans[2 * i], spans[2 * i + 1])),
    );
    expect(decoded).toEqual(draft.paragraphs);
  });

  it("keeps text exactly, markup-like characters included", () => {
    const draft = draftOf("A & B <b>\n</script>]]> &amp; 🦄\n");
    expect(draft.title).toBe("A & B <b>");
    expect(draft.paragraphs).toEqual(["</script>]]> &amp; 🦄"]);
  });

  it("refuses an empty file, a blank file and a headline alone, naming the line", () => {
    expect(problemsOf("")).toEqual([
      { file: "seeds/001_x.txt", message: expect.stringContaining("empty file") },
    ]);
    expect(problemsOf("\n  \n\n")).toEqual([
      { file: "seeds/001_x.txt", line: 1, message: expect.stringContaining("no headline") },
    ]);
    expect(problemsOf("Only a headline\n\n")).toEqual([
      { file: "seeds/001_x.txt", line: 1, message: expect.stringContaining("headline only") },
    ]);
  });

  it("reports every line that is not UTF-8", () => {
    const bytes = new Uint8Array([
      ...utf8("Headline\nfine\n"),
      0xc3,
      0x28,
      0x0a,
      ...utf8("ok\n"),
      0xff,
      0x0a,
    ]);
    expect(problemsOf(bytes).map((p) => p.line)).toEqual([3, 5]);
    expect(problemsOf(bytes)[0]!.message).toContain("not valid UTF-8");
  });

  it("refuses characters XML 1.0 forbids, with line and column", () => {
    const problems = problemsOf("Headline\nab\u0000cd\nfine\nx\uFFFE\n\u0085\n");
    expect(problems.map((p) => [p.line, p.message.match(/U\+[0-9A-F]{4} at column \d+/)?.[0]])).toEqual([
      [2, "U+0000 at column 3"],
      [4, "U+FFFE at column 2"],
      [5, "U+0085 at column 1"],
    ]);
  });

  it("reads front matter and keeps body line numbers for problems", () => {
    const draft = draftOf(
      "---\ndate: 2026-11-01\nupdated: 2026-11-02T10:00:00+01:00\nauthor: Ana\nsummary: Short.\ntags: [World, Asia]\n---\nHeadline\nOne.\n",
    );
    expect(draft.title).toBe("Headline");
    expect(draft.frontMatter).toEqual({
      date: new Date("2026-11-01T00:00:00Z"),
      updated: new Date("2026-11-02T09:00:00Z"),
      author: "Ana",
      summary: "Short.",
      tags: ["World", "Asia"],
    });
    expect(problemsOf("---\nauthor: A\n---\nHeadline only\n")).toEqual([
      { file: "seeds/001_x.txt", line: 4, message: expect.stringContaining("headline only") },
    ]);
  });

  it("accepts a draft that has only its headline yet, and refuses a draft flag that is not true/false", () => {
    const draft = draftOf("---\ndraft: true\n---\nWorking headline\n");
    expect(draft).toMatchObject({ title: "Working headline", paragraphs: [], frontMatter: { draft: true } });
    expect(problemsOf("---\ndraft: yes please\n---\nH\nP\n")[0]).toMatchObject({
      line: 2,
      message: "front matter 'draft' must be true or false",
    });
  });

  it("reads retracted and correction", () => {
    expect(draftOf("---\nretracted: true\ncorrection: Fixed the date.\n---\nH\nP\n").frontMatter).toEqual({
      retracted: true,
      correction: "Fixed the date.",
    });
    expect(problemsOf("---\nretracted: 1\n---\nH\nP\n")[0]!.message).toBe(
      "front matter 'retracted' must be true or false",
    );
  });

  it("takes the front-matter title as headline, every body line then being a paragraph", () => {
    const draft = draftOf("---\ntitle: From front matter\n---\nFirst.\nSecond.\n");
    expect(draft.title).toBe("From front matter");
    expect(draft.paragraphs).toEqual(["First.", "Second."]);
  });

  it("lists every front-matter problem with its line", () => {
    const problems = problemsOf(
      "---\ndate: tomorrow\ncolour: red\nupdated: 2026-02-30\ntags: 7\n---\nH\nP\n",
    );
    expect(problems.map((p) => [p.line, p.message.split(":")[0]])).toEqual([
      [2, "front matter 'date' is not a date"],
      [3, "unknown front matter key 'colour' (known keys"],
      [4, "front matter 'updated' is not a date"],
      [5, "front matter 'tags' must be a list of non-empty texts"],
    ]);
  });

  it("refuses a date RFC 3339 cannot write: before 1970, or past 9999 in UTC", () => {
    for (const date of ["1969-12-31T23:59:59Z", "9999-12-31T23:00:00-05:00"]) {
      expect(
        problemsOf(`---\ndate: ${date}\n---\nH\nP\n`).map((p) => p.message.split(":")[0]),
        date,
      ).toEqual(["front matter 'date' is not a date"]);
    }
    expect(draftOf("---\ndate: 9999-12-31T23:59:59Z\n---\nH\nP\n").frontMatter.date).toEqual(
      new Date("9999-12-31T23:59:59Z"),
    );
  });

  it("refuses unclosed and malformed front matter", () => {
    expect(problemsOf("---\ndate: 2026-01-01\nHeadline\nP\n")[0]!.message).toContain("never closed");
    const yaml = problemsOf("---\ntitle: [unclosed\n---\nP\n");
    expect(yaml[0]!.message).toContain("not valid YAML");
    expect(yaml[0]!.line).toBeGreaterThanOrEqual(2);
    expect(problemsOf("---\n- a\n- b\n---\nH\nP\n")[0]!.message).toContain("mapping");
  });
});
