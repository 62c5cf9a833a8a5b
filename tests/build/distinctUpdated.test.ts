import { describe, expect, it } from "vitest";
import { distinctUpdated } from "../../src/build/distinctUpdated";
import type { Story } from "../../src/core/types";
import { makeStory } from "../fixtures/stories";

function story(number: number, updated: string): Story {
  return makeStory(number, { published: "2026-01-01T00:00:00Z", updated });
}

describe("distinctUpdated", () => {
  it("spreads stories of one instant a second apart in NNN order, never earlier, keeping the input order", () => {
    const input = [
      story(3, "2026-03-01T10:00:00Z"),
      story(1, "2026-03-01T10:00:00Z"),
      story(7, "2026-03-01T10:00:01Z"),
      story(2, "2026-03-01T10:00:00Z"),
      story(9, "2026-04-01T00:00:00Z"),
    ];
    expect(distinctUpdated(input).map((s) => [s.number, s.updated])).toEqual([
      [3, "2026-03-01T10:00:02Z"],
      [1, "2026-03-01T10:00:00Z"],
      [7, "2026-03-01T10:00:03Z"],
      [2, "2026-03-01T10:00:01Z"],
      [9, "2026-04-01T00:00:00Z"],
    ]);
  });

  it("leaves distinct instants alone", () => {
    const input = [story(1, "2026-03-01T10:00:00Z"), story(2, "2026-03-02T10:00:00Z")];
    expect(distinctUpdated(input)).toEqual(input);
  });

  it("orders by instant, not by how the date is written, and writes every date it returns as dateRfc3339 does", () => {
    const input = [
      story(1, "2026-03-01T10:00:00.000Z"),
      story(2, "2026-03-01T09:59:59Z"),
      story(3, "2026-03-01T10:00:00Z"),
      story(4, "2026-03-01T11:00:00.000Z"),
    ];
    expect(distinctUpdated(input).map((s) => [s.number, s.updated])).toEqual([
      [1, "2026-03-01T10:00:00Z"],
      [2, "2026-03-01T09:59:59Z"],
      [3, "2026-03-01T10:00:01Z"],
      [4, "2026-03-01T11:00:00Z"],
    ]);
  });

  it("returns the very objects it does not change", () => {
    const input = [story(1, "2026-03-01T10:00:00Z"), story(2, "2026-03-01T10:00:00Z")];
    const output = distinctUpdated(input);
    expect(output[0]).toBe(input[0]);
    expect(output[1]).not.toBe(input[1]);
  });
});
