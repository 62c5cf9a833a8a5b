// jsonArrayBytes writes exactly the bytes of JSON.stringify, whatever the values and however large.

import { Buffer } from "node:buffer";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonArrayBytes } from "../../src/build/jsonArrayBytes";

/** Whether `bytes` are exactly the UTF-8 of `text`: its length, then its text (valid UTF-8 decodes one way). */
function expectUtf8(bytes: Uint8Array, text: string): void {
  expect(bytes.length).toBe(Buffer.byteLength(text));
  expect(new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes)).toBe(text);
}

describe("jsonArrayBytes", () => {
  it("is the UTF-8 of JSON.stringify for any array of JSON values, in any script", () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 40 }), (values) => {
        expectUtf8(jsonArrayBytes(values), JSON.stringify(values));
      }),
      { numRuns: 500 },
    );
  });

  it("writes holes and undefined values as null, as JSON.stringify does", () => {
    // eslint-disable-next-line no-sparse-arrays
    const values = [1, , undefined, () => 0, { a: undefined, b: "é" }, [undefined]];
    expectUtf8(jsonArrayBytes(values), JSON.stringify(values));
  });

  it("grows past its buffer, keeps the earlier bytes, and gives each call bytes of its own", () => {
    // About 6 MB, characters of 1 to 4 UTF-8 bytes, past the 1 MiB it starts with.
    const big = Array.from({ length: 3000 }, (_, i) => ({ i, text: `${"aé€😀".repeat(200)}${i}` }));
    const first = jsonArrayBytes(big);
    expectUtf8(first, JSON.stringify(big));
    expectUtf8(jsonArrayBytes(["small"]), '["small"]');
    expectUtf8(first, JSON.stringify(big));
    expectUtf8(jsonArrayBytes([]), "[]");
  });
});
