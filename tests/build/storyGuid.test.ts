import { describe, expect, it } from "vitest";
import { storyGuid } from "../../src/build/storyGuid";

describe("storyGuid", () => {
  it("is a version 5 urn:uuid that depends on the id only, and never changes", () => {
    // Pinned: a changed GUID would make every aggregator show the story again as new.
    expect(storyGuid("a24f3107751dc8e8")).toBe("urn:uuid:3dc14aa5-5799-5b13-8bd8-ffb42748fb0d");
    expect(storyGuid("a24f3107751dc8e8")).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(storyGuid("other")).not.toBe(storyGuid("a24f3107751dc8e8"));
  });
});
