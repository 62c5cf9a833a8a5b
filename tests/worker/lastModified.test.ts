// Last-Modified never stays put or goes back while a body changes: for every URL, a change to what the
// body shows moves it forward, so a reader sending only If-Modified-Since never gets a stale 304.

import { describe, expect, it } from "vitest";
import { storyPath } from "../../src/core/storyPath";
import { tagPath } from "../../src/core/tagSlug";
import type { Story } from "../../src/core/types";
import { createApp } from "../../src/worker/createApp";
import { contentOf, makeSite, makeStories } from "../fixtures/stories";

/** A later instant than any fixture date: the commit that made the change. */
const CHANGED = "2026-11-20T10:00:00Z";
const CLOCK = Date.parse("2026-11-30T00:00:00Z");
const CHUNK = 10;

/** 59 stories (5 full archive pages of 10, and 9 more), tagged World every third, Science every fifth. */
function base(): Story[] {
  return makeStories(59, (n) => ({
    tags: [...(n % 3 === 0 ? ["World"] : []), ...(n % 5 === 0 ? ["Science"] : [])],
  }));
}

/** `stories` with story `n` changed by `change` (which also moves its `updated`). */
function edit(stories: Story[], n: number, change: Partial<Story>): Story[] {
  return stories.map((story) =>
    story.id === `story${n}` ? { ...story, updated: CHANGED, ...change } : story,
  );
}

/** Every URL either version can serve, so a resource that changes in any way is compared. */
function urls(...versions: Story[][]): string[] {
  const paths = new Set([
    "/",
    "/page/2",
    "/page/3",
    "/feed.xml",
    "/atom.xml",
    "/feed.json",
    "/feeds",
    "/nope",
  ]);
  for (const path of ["/robots.txt", "/sitemap.xml", "/news-sitemap.xml", "/feeds.opml"]) paths.add(path);
  for (let page = 1; page <= 6; page++) {
    for (const file of ["feed.xml", "atom.xml", "feed.json"]) paths.add(`/archive/${page}/${file}`);
  }
  for (const stories of versions) {
    for (const story of stories) {
      paths.add(storyPath(story));
      paths.add(`/stories/${story.id}.json`);
      for (const tag of story.tags) {
        for (const suffix of ["", "/feed.xml", "/atom.xml", "/feed.json"])
          paths.add(`${tagPath(tag)}${suffix}`);
      }
    }
  }
  return [...paths];
}

/**
 * Serves `before` at `beforeNow` and `after` at `afterNow`, and checks every URL
 * that answers 200 in both: Last-Modified never decreases, and a changed body has
 * a later one, so If-Modified-Since with the old date gets the new body.
 */
async function expectMonotonic(
  before: Story[],
  after: Story[],
  { beforeNow = CLOCK, afterNow = CLOCK }: { beforeNow?: number; afterNow?: number } = {},
): Promise<string[]> {
  const site = makeSite({ feedSize: 5 });
  const a = await createApp(contentOf(before, CHUNK), site, { now: () => beforeNow });
  const b = await createApp(contentOf(after, CHUNK), site, { now: () => afterNow });
  const changed: string[] = [];
  for (const path of urls(before, after)) {
    const [ra, rb] = [await a.request(path), await b.request(path)];
    if (ra.status !== 200 || rb.status !== 200) continue;
    const [old, now] = [ra.headers.get("Last-Modified")!, rb.headers.get("Last-Modified")!];
    expect(Date.parse(now), `${path}: ${old} -> ${now}`).toBeGreaterThanOrEqual(Date.parse(old));
    if ((await ra.text()) === (await rb.text())) continue;
    changed.push(path);
    expect(Date.parse(now), `${path} changed but Last-Modified stayed ${old}`).toBeGreaterThan(
      Date.parse(old),
    );
    const revalidated = await b.request(path, { headers: { "If-Modified-Since": old } });
    expect(revalidated.status, `${path} with If-Modified-Since: ${old}`).toBe(200);
  }
  return changed;
}

describe("Last-Modified moves forward with every change a body shows", () => {
  it("when the newest story is retracted (it leaves every list; the newest remaining date is older)", async () => {
    expect(await expectMonotonic(base(), edit(base(), 58, { retracted: true }))).toEqual(
      expect.arrayContaining([
        "/",
        "/page/2",
        "/feed.xml",
        "/atom.xml",
        "/feed.json",
        "/sitemap.xml",
        "/stories/story57/headline-number-57",
      ]),
    );
  });

  it("when an old story in an archive page is retracted", async () => {
    expect(await expectMonotonic(base(), edit(base(), 3, { retracted: true }))).toEqual(
      expect.arrayContaining([
        "/archive/1/atom.xml",
        "/atom.xml",
        "/sitemap.xml",
        "/stories/story4/headline-number-4",
      ]),
    );
  });

  it("when an old story is retracted after a newer story was (the latest retraction counts)", async () => {
    const before = edit(base(), 40, { retracted: true });
    const after = before.map((story) =>
      story.id === "story2" ? { ...story, retracted: true as const, updated: "2026-11-25T10:00:00Z" } : story,
    );
    expect(await expectMonotonic(before, after)).toEqual(
      expect.arrayContaining(["/atom.xml", "/archive/1/atom.xml"]),
    );
  });

  it("when a story dated in the past by its front matter completes a page (its commit is what counts)", async () => {
    const before = edit(base(), 45, { correction: "A figure was wrong." });
    const completing = {
      ...makeStories(60)[0]!,
      published: "2026-03-01T08:00:00Z",
      updated: "2026-11-25T10:00:00Z",
    };
    expect(await expectMonotonic(before, [completing, ...before])).toEqual(
      expect.arrayContaining(["/archive/5/feed.xml", "/archive/5/atom.xml"]),
    );
  });

  it("when a new story completes a page and the newest archive page gains next-archive", async () => {
    const before = base();
    const after = [{ ...makeStories(60)[0]!, updated: CHANGED }, ...before];
    expect(await expectMonotonic(before, after)).toEqual(
      expect.arrayContaining(["/archive/5/feed.xml", "/archive/5/atom.xml", "/feed.xml"]),
    );
  });

  it("when a story is retitled (its neighbours' pages link to it by title)", async () => {
    const retitled = edit(base(), 30, { title: "A new headline", slug: "a-new-headline" });
    expect(await expectMonotonic(base(), retitled)).toEqual(
      expect.arrayContaining([
        "/stories/story29/headline-number-29",
        "/stories/story31/headline-number-31",
        "/page/2",
      ]),
    );
  });

  it("when an old story gains a tag (the OPML and the topic list change) or loses one", async () => {
    expect(await expectMonotonic(base(), edit(base(), 2, { tags: ["Arts"] }))).toContain("/feeds.opml");
    expect(await expectMonotonic(base(), edit(base(), 30, { tags: [] }))).toEqual(
      expect.arrayContaining(["/tags/world", "/tags/science", "/archive/4/atom.xml"]),
    );
  });

  it("when a story in a topic feed loses its tag (a story not in the feed takes its place)", async () => {
    expect(await expectMonotonic(base(), edit(base(), 57, { tags: [] }))).toEqual(
      expect.arrayContaining(["/tags/world/feed.xml", "/tags/world/atom.xml", "/tags/world/feed.json"]),
    );
  });

  it("when a scheduled story comes due, and when a story leaves the news sitemap's two-day window", async () => {
    const scheduled = [
      { ...makeStories(60)[0]!, published: "2026-12-01T08:00:00Z", updated: "2026-12-01T08:00:00Z" },
      ...base(),
    ];
    expect(
      await expectMonotonic(scheduled, scheduled, { afterNow: Date.parse("2026-12-01T08:00:00Z") }),
    ).toEqual(
      expect.arrayContaining(["/", "/feed.xml", "/news-sitemap.xml", "/stories/story58/headline-number-58"]),
    );
    const recent = [
      { ...makeStories(60)[0]!, published: "2026-11-29T08:00:00Z", updated: "2026-11-29T08:00:00Z" },
      ...base(),
    ];
    expect(await expectMonotonic(recent, recent, { afterNow: Date.parse("2026-12-02T00:00:00Z") })).toEqual([
      "/news-sitemap.xml",
    ]);
  });
});
