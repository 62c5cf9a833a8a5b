// Drafts and scheduled stories, with a fixed clock: nothing appears before its time, everything
// appears at it, and ETags change exactly when content changes.

import { describe, expect, it } from "vitest";
import type { Story } from "../../src/core/types";
import { createApp } from "../../src/worker/createApp";
import { parseXml, textOf } from "../fixtures/parseXml";
import { contentOf, makeSite, makeStory } from "../fixtures/stories";

const AT = Date.parse("2026-06-01T12:00:00Z");

/** Stories 0-2 published in January, 3 scheduled for AT, 4 a draft. Newest first, as the build orders. */
function stories(): Story[] {
  return [
    makeStory(3, { published: "2026-06-01T12:00:00Z", updated: "2026-06-01T12:00:00Z" }),
    makeStory(4, { draft: true, published: "2026-01-10T08:00:00Z", updated: "2026-01-10T08:00:00Z" }),
    makeStory(2),
    makeStory(1),
    makeStory(0),
  ];
}

async function appAt(clock: { now: number }, options: { chunkSize?: number; showDrafts?: boolean } = {}) {
  return createApp(
    contentOf(stories(), options.chunkSize ?? 50),
    makeSite({ showDrafts: options.showDrafts ?? false }),
    {
      now: () => clock.now,
    },
  );
}

const titles = async (res: Response) =>
  JSON.parse(await res.text()).items.map((i: { title: string }) => i.title);

describe("scheduled publication", () => {
  it("serves a scheduled story from its instant on, not a second before", async () => {
    const clock = { now: AT - 1000 };
    const app = await appAt(clock);
    expect(await titles(await app.request("/feed.json"))).toEqual([
      "Headline number 2",
      "Headline number 1",
      "Headline number 0",
    ]);
    expect((await app.request("/stories/story3/headline-number-3")).status).toBe(404);
    expect(await (await app.request("/")).text()).not.toContain("Headline number 3");

    clock.now = AT;
    expect((await titles(await app.request("/feed.json")))[0]).toBe("Headline number 3");
    expect((await app.request("/stories/story3/headline-number-3")).status).toBe(200);
    expect(await (await app.request("/")).text()).toContain("Headline number 3");
    const atom = parseXml(await (await app.request("/atom.xml")).text()).feed;
    expect(textOf(atom.updated)).toBe("2026-06-01T12:00:00Z");
  });

  it("never keeps an answer rendered before the instant once it has passed (a request still running then)", async () => {
    const clock = { now: AT - 1000 };
    const content = contentOf(stories(), 50);
    // Reads of anything but the index wait at a gate: a render started before AT ends after it.
    let open: () => void = () => {};
    let gate: Promise<void> | null = null;
    const read = content.read;
    const app = await createApp(
      {
        ...content,
        read: async (path) => {
          if (gate && !path.startsWith("/_index/")) await gate;
          return read(path);
        },
      },
      makeSite({ showDrafts: false }),
      { now: () => clock.now },
    );
    expect((await app.request("/robots.txt")).status).toBe(200);
    gate = new Promise((resolve) => (open = resolve));
    const feed = app.request("/feed.json");
    const story = app.request("/stories/story3/headline-number-3");
    for (let i = 0; i < 20; i++) await Promise.resolve();
    clock.now = AT;
    expect((await app.request("/robots.txt")).status).toBe(200);
    gate = null;
    open();
    await Promise.all([feed, story]);
    // Rendered in the state before AT: neither is kept for the state after it.
    expect((await titles(await app.request("/feed.json")))[0]).toBe("Headline number 3");
    expect((await app.request("/stories/story3/headline-number-3")).status).toBe(200);
  });

  it("changes ETags exactly when the content changes", async () => {
    const clock = { now: AT - 60_000 };
    const app = await appAt(clock);
    const before = (await app.request("/feed.xml")).headers.get("ETag")!;
    clock.now = AT - 1;
    expect((await app.request("/feed.xml")).headers.get("ETag")).toBe(before);
    expect((await app.request("/feed.xml", { headers: { "If-None-Match": before } })).status).toBe(304);
    clock.now = AT;
    const after = (await app.request("/feed.xml")).headers.get("ETag")!;
    expect(after).not.toBe(before);
    // A reader revalidating with the old tag now gets the new feed.
    expect((await app.request("/feed.xml", { headers: { "If-None-Match": before } })).status).toBe(200);
    clock.now = AT + 86_400_000;
    expect((await app.request("/feed.xml")).headers.get("ETag")).toBe(after);
  });

  it("keeps a page that holds a scheduled story out of the archives until it is published", async () => {
    // Chunks of two, oldest first: [0, 1], [2, 4(draft)], [3(scheduled)] -- chunk 2 is not full.
    const clock = { now: AT - 1000 };
    const app = await appAt(clock, { chunkSize: 2 });
    expect((await app.request("/archive/2/feed.json")).status).toBe(200);
    expect(await titles(await app.request("/archive/2/feed.json"))).toEqual(["Headline number 2"]);
    expect((await app.request("/archive/3/feed.json")).status).toBe(404);
  });
});

describe("drafts", () => {
  it("never serves a draft outside preview", async () => {
    const app = await appAt({ now: AT + 1000 });
    expect((await app.request("/stories/story4/headline-number-4")).status).toBe(404);
    for (const path of ["/", "/feed.xml", "/atom.xml", "/feed.json"]) {
      expect(await (await app.request(path)).text(), path).not.toContain("Headline number 4");
    }
  });

  it("shows drafts and scheduled stories in preview, marked as such", async () => {
    const app = await appAt({ now: AT - 1000 }, { showDrafts: true });
    const draft = await (await app.request("/stories/story4/headline-number-4")).text();
    expect(draft).toContain('<p class="preview" role="status">Draft: not published</p>');
    const scheduled = await (await app.request("/stories/story3/headline-number-3")).text();
    expect(scheduled).toContain("Scheduled: published on 1 June 2026");
    const home = await (await app.request("/")).text();
    expect(home).toContain("Draft: not published");
    expect(home).toContain("Scheduled: published on 1 June 2026");
  });
});
