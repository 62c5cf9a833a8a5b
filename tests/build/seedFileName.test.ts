import { describe, expect, it } from "vitest";
import { parseSeedFileName } from "../../src/build/seedFileName";

describe("parseSeedFileName", () => {
  it("parses NNN and the id", () => {
    expect(parseSeedFileName("000_a24f3107751dc8e8.txt")).toEqual({
      number: 0,
      id: "a24f3107751dc8e8",
      format: "txt",
    });
    expect(parseSeedFileName("001_rich.md")).toEqual({ number: 1, id: "rich", format: "md" });
    expect(parseSeedFileName("1234_my-story.txt")).toEqual({ number: 1234, id: "my-story", format: "txt" });
  });

  it.each([
    "1_x.txt",
    "001-x.txt",
    "001_.txt",
    "001_x.markdown",
    "001_x.MD",
    "001_x y.txt",
    "001_-x.txt",
    "notes.txt",
  ])("refuses %s", (name) => {
    expect(parseSeedFileName(name)).toEqual({ error: expect.stringContaining("bad seed file name") });
  });

  it("explains that ids are lowercase", () => {
    expect(parseSeedFileName("001_ABC.txt")).toEqual({ error: expect.stringContaining("ids are lowercase") });
  });
});
