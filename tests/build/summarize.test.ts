import { describe, expect, it } from "vitest";
import { summarize } from "../../src/build/summarize";

describe("summarize", () => {
  it("keeps a short paragraph whole", () => {
    expect(summarize("Short and sweet.")).toBe("Short and sweet.");
  });

  it("cuts a long paragraph at a word boundary with an ellipsis, under 300 characters", () => {
    const long = "word ".repeat(100).trim();
    const summary = summarize(long);
    expect(summary.length).toBeLessThanOrEqual(300);
    expect(summary.endsWith("word…")).toBe(true);
  });

  it("never splits a surrogate pair", () => {
    const summary = summarize("🦄".repeat(400));
    expect(summary).toBe(`${"🦄".repeat(299)}…`);
  });
});
