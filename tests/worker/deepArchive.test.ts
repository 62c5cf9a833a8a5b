// A large archive read from many small files: every list (home pages, archive pages, topic pages and
// topic archives, sitemaps) holds exactly the stories a plain model of the rules says, whatever the
// drafts, retractions and scheduled stories; a cold request reads only a few files.

import { describe, expect, it } from "vitest";
import { storyPath } from "../../src/core/storyPath";
import { tagSlug } from "../../src/core/tagSlug";
import type { Content, Story } from "../../src/core/types";
import { createApp } from "../../src/worker/createApp";
import { parseXml, textOf } from "../fixtures/parseXml";
import { contentOf, makeSite, makeStories, testLayout } from "../fixtures/stories";

/** Archive pages of 5, chunks of 10, index files (and sitemaps) of 20: 437 stories cross many. */
const LAYOUT = testLayout(5, { chunkSize: 10, segmentSize: 20 });
const NOW = Date.parse("2027-06-01T00:00:00Z");
const COUNT = 437;

/** Stories with drafts, retractions and scheduled ones spread through the archive. */
function corpus(count = COUNT): Story[] {
  return makeStories(count, (n) => ({
    tags: [...(n % 3 === 0 ? ["World"] : []), ...(n % 97 === 0 ? ["Rare"] : [])],
    ...(n % 41 === 7 ? { draft: true as const } : {}),
    ...(n % 53 === 9 ? { retracted: true as const } : {}),
    // The newest few are scheduled after NOW; one older story is scheduled too.
    ...(n >= count - 3 || n === count - 30 ? { published: "2027-07-01T00:00:00Z" } : {}),
  }));
}

/** The served stories, newest first, by the rules alone. */
function served(stories: readonly Story[]): Story[] {
  return stories.filter((story) => !story.draft && !story.retracted && Date.parse(story.published) <= NOW);
}

/** `content` counting the files it reads. */
function counting(content: Content): { content: Content; reads: string[] } {
  const reads: string[] = [];
  return { content: { ...content, read: (path) => (reads.push(path), content.read(path)) }, reads };
}

const idsIn = (html: string): string[] =>
  [...html.matchAll(/href="\/stories\/([^/"]+)\//g)].map((m) => m[1]!);

describe("a deep archive", () => {
  it("pages the home page through every served story, newest first, and 404s past the end", async () => {
    const stories = corpus();
    const app = await createApp(contentOf(stories, LAYOUT), makeSite(), { now: () => NOW });
    const expected = served(stories).map((story) => story.id);
    const seen: string[] = [];
    const pages = Math.ceil(expected.length / 20);
    for (let page = 1; page <= pages; page++) {
      const res = await app.request(page === 1 ? "/" : `/page/${page}`);
      expect(res.status, `page ${page}`).toBe(200);
      // Each story is linked from its list entry once; neighbours and nav add none.
      seen.push(...idsIn(await res.text()));
    }
    expect(seen).toEqual(expected);
    expect((await app.request(`/page/${pages + 1}`)).status).toBe(404);
  });

  it("holds each archive page's served stories, links them all, and none is lost", async () => {
    const stories = corpus();
    const app = await createApp(contentOf(stories, LAYOUT), makeSite({ feedSize: 10 }), { now: () => NOW });
    const oldestFirst = [...stories].reverse();
    // Archive pages stop before the first page holding a scheduled story (ordinal COUNT - 30 - ...).
    const firstScheduled = oldestFirst.findIndex(
      (story) => Date.parse(story.published) > NOW && !story.draft,
    );
    const archives = Math.floor(firstScheduled / 5);
    const reached = new Set<string>();
    const feed = await (await app.request("/feed.json")).json<any>();
    for (const item of feed.items) reached.add(item.url);
    for (let page = 1; page <= archives; page++) {
      const res = await app.request(`/archive/${page}/feed.json`);
      expect(res.status, `archive ${page}`).toBe(200);
      const json = await res.json<any>();
      const expected = served(oldestFirst.slice((page - 1) * 5, page * 5).reverse());
      expect(json.items.map((item: any) => item.url)).toEqual(
        expected.map((story) => `https://news.example.org${storyPath(story)}`),
      );
      for (const item of json.items) reached.add(item.url);
    }
    expect((await app.request(`/archive/${archives + 1}/feed.json`)).status).toBe(404);
    expect(reached.size).toBe(served(stories).length);
  });

  it("finds any story by id with a few reads on a cold isolate, and 410s a retraction", async () => {
    const stories = corpus();
    const { content, reads } = counting(contentOf(stories, LAYOUT));
    for (const story of [stories.at(-1)!, stories[200]!, stories.find((s) => s.retracted)!]) {
      const app = await createApp(content, makeSite(), { now: () => NOW });
      reads.length = 0;
      const res = await app.request(storyPath(story));
      const want = story.retracted ? 410 : story.draft ? 404 : 200;
      expect(res.status, story.id).toBe(want);
      // The directory, the index files near the newest stories, an id file, the story's index file
      // and chunk, its neighbours' index file: never more than eight, whatever the archive's size.
      expect(reads.length, reads.join(" ")).toBeLessThanOrEqual(8);
    }
  });

  it("lists home pages from index and list files, reading a story only for a summary too long", async () => {
    const stories = corpus();
    // A front-matter summary longer than an index entry carries, on the first page and deep down.
    const long = (n: number) => `${"Long summary of story ".repeat(60)}${n}, end.`;
    const withLong = stories.map((story, i) =>
      i === 5 || i === 300 ? { ...story, summary: long(i) } : story,
    );
    const { content, reads } = counting(contentOf(withLong, LAYOUT));
    const expected = served(withLong);
    for (const page of [1, 2, Math.ceil(expected.length / 20)]) {
      const app = await createApp(content, makeSite(), { now: () => NOW });
      reads.length = 0;
      const html = await (await app.request(page === 1 ? "/" : `/page/${page}`)).text();
      const shown = expected.slice((page - 1) * 20, page * 20);
      expect(idsIn(html)).toEqual(shown.map((story) => story.id));
      for (const story of shown) expect(html).toContain(`<p>${story.summary}</p>`);
      const chunks = reads.filter((path) => path.startsWith("/_chunks/"));
      const longHere = shown.some((story) => story.summary.length > 1000);
      // The directory, the newest index files (the served state's), the one or two a page of 20
      // spans and their list files; a chunk only for the story whose summary is too long.
      expect(chunks.length, reads.join(" ")).toBe(longHere ? 1 : 0);
      expect(reads.filter((path) => path.startsWith("/_lists/")).length, reads.join(" ")).toBeLessThanOrEqual(
        2,
      );
      expect(reads.length, reads.join(" ")).toBeLessThanOrEqual(longHere ? 7 : 6);
    }
    expect(expected.slice(0, 20).some((story) => story.summary.length > 1000)).toBe(true);
  });

  it("lists a topic's pages from its own files: a block or two, no chunk, on a cold isolate", async () => {
    // World: 146 stories, 7 full blocks of 20 and a tail; Rare: 5 stories, all in the tail.
    // The newest served World story gets a summary too long for its index entry.
    const long = served(corpus()).find((story) => story.tags.includes("World"))!;
    const withLong = corpus().map((story) =>
      story.id === long.id
        ? { ...story, summary: `${"A summary too long for an index entry. ".repeat(30)}end.` }
        : story,
    );
    const { content, reads } = counting(contentOf(withLong, LAYOUT));
    for (const [slug, tag] of [
      ["world", "World"],
      ["rare", "Rare"],
    ] as const) {
      const expected = served(withLong).filter((story) => story.tags.includes(tag));
      for (let page = 1; page <= Math.ceil(expected.length / 50); page++) {
        const app = await createApp(content, makeSite(), { now: () => NOW });
        reads.length = 0;
        const res = await app.request(page === 1 ? `/tags/${slug}` : `/tags/${slug}/page/${page}`);
        const html = await res.text();
        const shown = expected.slice((page - 1) * 50, page * 50);
        expect(idsIn(html), `${slug} page ${page}`).toEqual(shown.map((story) => story.id));
        for (const story of shown) expect(html).toContain(`<p>${story.summary}</p>`);
        const longHere = shown.some((story) => story.summary.length > 1000);
        const chunks = reads.filter((path) => path.startsWith("/_chunks/"));
        expect(chunks.length, reads.join(" ")).toBe(longHere ? 1 : 0);
        // The directory, the newest index files, the topic's file and its tail file, at most four
        // blocks of 20 (50 stories and the drafts among them) and the index file where
        // Last-Modified's range starts: the same count however long the archive.
        const blocks = reads.filter((path) => path.startsWith("/_topics/b/"));
        expect(blocks.length, reads.join(" ")).toBeLessThanOrEqual(4);
        expect(reads.length - blocks.length - chunks.length, reads.join(" ")).toBeLessThanOrEqual(6);
      }
    }
  });

  it("pages a topic and gives its feeds RFC 5005 archives that reach every story of it", async () => {
    const stories = corpus();
    const app = await createApp(contentOf(stories, LAYOUT), makeSite({ feedSize: 10 }), { now: () => NOW });
    const world = served(stories).filter((story) => story.tags.includes("World"));
    const pages = Math.ceil(world.length / 50);
    expect(pages).toBeGreaterThan(2);
    const listed: string[] = [];
    for (let page = 1; page <= pages; page++) {
      const res = await app.request(page === 1 ? "/tags/world" : `/tags/world/page/${page}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      if (page < pages) expect(html).toContain(`href="/tags/world/page/${page + 1}" rel="next"`);
      listed.push(...idsIn(html));
    }
    expect(listed).toEqual(world.map((story) => story.id));
    expect((await app.request(`/tags/world/page/${pages + 1}`)).status).toBe(404);
    expect((await app.request("/tags/world/page/1")).headers.get("Location")).toBe("/tags/world");
    expect((await app.request("/tags/World/page/2")).headers.get("Location")).toBe("/tags/world/page/2");

    // Follow prev-archive from the topic's Atom feed to the oldest page: every story, once.
    const reached: string[] = [];
    let next: string | null = "/tags/world/atom.xml";
    let hops = 0;
    while (next) {
      const res = await app.request(next);
      expect(res.status, next).toBe(200);
      const feed = parseXml(await res.text()).feed;
      const links = [feed.link].flat();
      for (const entry of [feed.entry ?? []].flat()) reached.push(textOf([entry.link].flat()[0]["@href"]));
      const prev = links.find((link: any) => link["@rel"] === "prev-archive");
      next = prev ? new URL(prev["@href"]).pathname : null;
      if (++hops > 1) expect(links.some((link: any) => link["@rel"] === "current")).toBe(true);
    }
    expect(hops).toBeGreaterThan(2);
    // The feed may repeat the newest archived stories (it carries FEED_SIZE at least); nothing is missing.
    expect([...new Set(reached)].sort()).toEqual(
      world.map((story) => `https://news.example.org${storyPath(story)}`).sort(),
    );
  });

  it("pages a topic by the rules wherever its drafts, retractions and scheduled stories fall, in preview too", async () => {
    // World (every third story): 146 stories, 7 full blocks of 20 and a tail of 6. Scheduled ones in
    // its second block (99), its sixth (300) and its tail (435); drafts and retractions spread through.
    const stories = makeStories(COUNT, (n) => ({
      tags: n % 3 === 0 ? ["World"] : [],
      ...(n % 41 === 7 || n === 3 ? { draft: true as const } : {}),
      ...(n % 53 === 9 || n === 6 ? { retracted: true as const } : {}),
      ...(n === 99 || n === 300 || n >= COUNT - 3 ? { published: "2027-07-01T00:00:00Z" } : {}),
    }));
    const list = [...stories].reverse().filter((story) => story.tags.includes("World"));
    expect(list.length).toBe(146);
    const url = (story: Story) => `https://news.example.org${storyPath(story)}`;
    for (const showDrafts of [false, true]) {
      const what = showDrafts ? "preview" : "public";
      const app = await createApp(contentOf(stories, LAYOUT), makeSite({ feedSize: 10, showDrafts }), {
        now: () => NOW,
      });
      const isServed = (story: Story) =>
        !story.retracted && (showDrafts || (!story.draft && Date.parse(story.published) <= NOW));
      const servedNewest = list.filter(isServed).reverse();
      expect(servedNewest.length, what).toBe(showDrafts ? 142 : 134);

      const pages = Math.ceil(servedNewest.length / 50);
      for (let page = 1; page <= pages; page++) {
        const html = await (
          await app.request(page === 1 ? "/tags/world" : `/tags/world/page/${page}`)
        ).text();
        expect(idsIn(html), `${what} page ${page}`).toEqual(
          servedNewest.slice((page - 1) * 50, page * 50).map((story) => story.id),
        );
      }
      expect((await app.request(`/tags/world/page/${pages + 1}`)).status, what).toBe(404);

      // Archive pages: full pages of five, from the oldest, before the first holding a scheduled story.
      const firstScheduled = showDrafts ? -1 : list.findIndex((story) => Date.parse(story.published) > NOW);
      const archives = Math.floor((firstScheduled === -1 ? list.length : firstScheduled) / 5);
      expect(archives, what).toBe(showDrafts ? 29 : 6);
      for (let page = 1; page <= archives; page++) {
        const res = await app.request(`/tags/world/archive/${page}/feed.json`);
        expect(res.status, `${what} archive ${page}`).toBe(200);
        const items = (await res.json<any>()).items.map((item: any) => item.url);
        expect(items, `${what} archive ${page}`).toEqual(
          list
            .slice((page - 1) * 5, page * 5)
            .filter(isServed)
            .reverse()
            .map(url),
        );
      }
      expect((await app.request(`/tags/world/archive/${archives + 1}/feed.json`)).status, what).toBe(404);

      // The feed: at least ten stories, and every served one no archive page holds.
      const unarchived = list.slice(archives * 5).filter(isServed).length;
      const feed = await (await app.request("/tags/world/feed.json")).json<any>();
      expect(
        feed.items.map((item: any) => item.url),
        what,
      ).toEqual(servedNewest.slice(0, Math.max(10, unarchived)).map(url));
    }
  });

  it("lists a story with two spellings of a tag once, even where it completes a block of its topic", async () => {
    // Story 19 completes World's first block of 20 under its first spelling.
    const stories = makeStories(60, (n) => ({ tags: n === 19 ? ["World", "world"] : ["World"] }));
    const app = await createApp(contentOf(stories, LAYOUT), makeSite({ feedSize: 10 }), { now: () => NOW });
    const seen = [
      ...idsIn(await (await app.request("/tags/world")).text()),
      ...idsIn(await (await app.request("/tags/world/page/2")).text()),
    ];
    expect(seen).toEqual(stories.map((story) => story.id));
    const archived: string[] = [];
    for (let page = 1; page <= 12; page++) {
      const feed = await (await app.request(`/tags/world/archive/${page}/feed.json`)).json<any>();
      archived.push(...feed.items.map((item: any) => item.id));
    }
    expect(archived).toHaveLength(60);
    expect(new Set(archived).size).toBe(60);
    expect((await app.request("/tags/world/archive/13/feed.json")).status).toBe(404);
  });

  it("keeps a topic's file short: a few numbers per block of its stories, not a list of them all", async () => {
    // Every story tagged: 4,370 stories, the newest published in 2037, in 43 full blocks of 100 (four
    // numbers each, about 20 bytes) and a tail of 70 ordinals.
    const stories = makeStories(COUNT * 10, () => ({ tags: ["World"] }));
    const { content, reads } = counting(
      contentOf(stories, testLayout(5, { chunkSize: 10, segmentSize: 100 })),
    );
    const app = await createApp(content, makeSite(), { now: () => Date.parse("2040-01-01T00:00:00Z") });
    const res = await app.request("/tags/world/page/40");
    expect(idsIn(await res.text())).toEqual(stories.slice(39 * 50, 40 * 50).map((story) => story.id));
    const topicFile = reads.find((path) => /^\/_topics\/\d+\.json$/.test(path))!;
    // Under half a byte per story of the topic: a file listing every story's ordinal would need two or more.
    expect((await content.read(topicFile)).length).toBeLessThan(stories.length / 2);
  });

  it("keeps full topic archive pages and full sitemaps byte for byte when stories are added", async () => {
    const before = await createApp(contentOf(corpus(COUNT), LAYOUT), makeSite({ feedSize: 10 }), {
      now: () => NOW,
    });
    // Ten more stories, none scheduled: the older scheduled one has come due by then.
    const later = Date.parse("2027-08-01T00:00:00Z");
    const more = makeStories(COUNT + 10, (n) => ({
      tags: [...(n % 3 === 0 ? ["World"] : []), ...(n % 97 === 0 ? ["Rare"] : [])],
      ...(n % 41 === 7 ? { draft: true as const } : {}),
      ...(n % 53 === 9 ? { retracted: true as const } : {}),
    }));
    const after = await createApp(contentOf(more, LAYOUT), makeSite({ feedSize: 10 }), { now: () => later });
    for (const path of [
      "/tags/world/archive/1/feed.xml",
      "/tags/world/archive/5/atom.xml",
      "/sitemaps/1.xml",
      "/sitemaps/10.xml",
    ]) {
      const [a, b] = [await before.request(path), await after.request(path)];
      expect([a.status, b.status], path).toEqual([200, 200]);
      expect(await b.text(), path).toBe(await a.text());
      expect(b.headers.get("Last-Modified"), path).toBe(a.headers.get("Last-Modified"));
    }
  });

  it("splits the sitemap into one sitemap per index file, each listing its served stories", async () => {
    const stories = corpus();
    const app = await createApp(contentOf(stories, LAYOUT), makeSite(), { now: () => NOW });
    const index = parseXml(await (await app.request("/sitemap.xml")).text()).sitemapindex;
    const locs = [index.sitemap].flat().map((s: any) => new URL(textOf(s.loc)).pathname);
    expect(locs[0]).toBe("/sitemaps/home.xml");
    expect(locs.slice(1)).toEqual(
      Array.from({ length: Math.ceil(COUNT / 20) }, (_, i) => `/sitemaps/${i + 1}.xml`),
    );
    const listed: string[] = [];
    for (const loc of locs.slice(1)) {
      const urls = [parseXml(await (await app.request(loc)).text()).urlset.url].flat();
      expect(urls.length).toBeLessThanOrEqual(20);
      listed.push(...urls.map((u: any) => textOf(u.loc)));
    }
    const expected = served(stories)
      .reverse()
      .map((story) => `https://news.example.org${storyPath(story)}`);
    expect(listed).toEqual(expected);
    // A topic slug no story has, and a story sitemap past the end: 404.
    expect((await app.request(`/sitemaps/${locs.length}.xml`)).status).toBe(404);
    expect((await app.request(`/tags/${tagSlug("Nothing")}/page/2`)).status).toBe(404);
  });
});
