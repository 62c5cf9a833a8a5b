// The pages in a real browser (Debian's Chromium via playwright-core): phone and desktop layouts,
// no console errors, failed requests or CSP violations, axe-core WCAG 2.1 AA, navigation, feed discovery.

import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContextOptions, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BASE } from "./server";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SHOTS = join("test-results", "screenshots");
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const VIEWPORTS = [
  { name: "phone", width: 390, height: 844 },
  { name: "desktop", width: 1280, height: 800 },
];
const SEED_STORY =
  "/stories/a24f3107751dc8e8/trump-calls-for-meeting-with-north-korean-leader-during-asia-tour";
/** tests/fixtures/e2e-seeds/903_harbour-reopens.md: every Markdown construct and two photos. */
const RICH_STORY = "/stories/harbour-reopens/harbour-reopens-after-two-years-of-repairs";
const PAGES = [
  { name: "home", path: "/", status: 200 },
  { name: "permalink", path: SEED_STORY, status: 200 },
  { name: "404", path: "/no/such/page", status: 404 },
  { name: "feeds", path: "/feeds", status: 200 },
  { name: "topic", path: "/tags/markets", status: 200 },
  { name: "markdown-story", path: RICH_STORY, status: 200 },
  { name: "search", path: "/search?q=harbour", status: 200 },
  { name: "search-empty", path: "/search?q=zyzzyva", status: 200 },
];

let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
});

afterAll(async () => {
  await browser?.close();
});

/** A page that records console errors, failed requests and CSP violations. */
async function watchedPage(options: BrowserContextOptions) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning")
      problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) =>
    problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`),
  );
  // Listens from outside the page's CSP (Playwright's init scripts are not page scripts).
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return { context, page, problems };
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

describe("pages in Chromium", () => {
  for (const viewport of VIEWPORTS) {
    for (const target of PAGES) {
      it(`${target.name} at ${viewport.width}x${viewport.height}: no horizontal scroll, errors, failed requests or CSP violations`, async () => {
        const { context, page, problems } = await watchedPage({ viewport });
        const response = await page.goto(`${BASE}${target.path}`, { waitUntil: "load" });
        expect(response?.status()).toBe(target.status);
        expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
        await page.screenshot({
          path: join(SHOTS, `${target.name}-${viewport.width}x${viewport.height}.png`),
          fullPage: true,
        });
        // The 404 status itself is logged by Chromium as a failed resource; a photo request the
        // browser itself cancels (the full-page screenshot resizes the page, so it picks another
        // srcset width) is not the site's. A missing photo would be a 404, which still counts.
        const unexpected = problems.filter(
          (p) =>
            !(target.status === 404 && /status of 404/.test(p)) &&
            !/^failed: \S+\/media\/[0-9a-f]{16}-\w+\.(?:webp|jpg) net::ERR_ABORTED$/.test(p),
        );
        expect(unexpected).toEqual([]);
        // The inline stylesheet applied (CSP allowed it by hash): the body uses the page's font stack.
        expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toContain("Georgia");
        await context.close();
      });
    }
  }

  for (const colorScheme of ["light", "dark"] as const) {
    it(`has no axe-core WCAG 2.1 AA violations (${colorScheme} mode)`, async () => {
      // Injecting axe needs CSP bypassed; the test above checks the CSP itself.
      const context = await browser.newContext({ bypassCSP: true, colorScheme, viewport: VIEWPORTS[0] });
      const page = await context.newPage();
      for (const target of PAGES) {
        await page.goto(`${BASE}${target.path}`);
        await page.evaluate(AXE);
        const violations = await page.evaluate(async () => {
          const result = await (
            window as unknown as {
              axe: {
                run: (
                  c: unknown,
                  o: unknown,
                ) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>;
              };
            }
          ).axe.run(document, {
            runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
          });
          return result.violations.map(
            (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
          );
        });
        expect(violations, target.name).toEqual([]);
      }
      await context.close();
    });
  }

  for (const viewport of VIEWPORTS) {
    it(`the Markdown story at ${viewport.width} wide: no layout shift as its photos load (CLS 0)`, async () => {
      const { context, page, problems } = await watchedPage({ viewport });
      await page.addInitScript(() => {
        (window as unknown as { shifts: number }).shifts = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) {
            (window as unknown as { shifts: number }).shifts += (entry as unknown as { value: number }).value;
          }
        }).observe({ type: "layout-shift", buffered: true });
      });
      await page.goto(`${BASE}${RICH_STORY}`, { waitUntil: "load" });
      // Scroll to the end so the lazy photos load too, then let them paint.
      for (let y = 0; y <= 6000; y += 400) {
        await page.evaluate((top) => window.scrollTo(0, top), y);
        await page.waitForTimeout(50);
      }
      await page.waitForLoadState("networkidle");
      const loaded = await page.$$eval("article img", (images) =>
        images.map(
          (image) => (image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth > 0,
        ),
      );
      expect(loaded).toEqual([true, true]);
      expect(await page.evaluate(() => (window as unknown as { shifts: number }).shifts)).toBe(0);
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it("the Markdown story's og:image and every photo URL answer 200 from the local R2 with an image type, cached for a year", async () => {
    const { context, page } = await watchedPage({ viewport: VIEWPORTS[0] });
    await page.goto(`${BASE}${RICH_STORY}`);
    const urls = await page.evaluate(() => {
      const found = [document.querySelector('meta[property="og:image"]')!.getAttribute("content")!];
      for (const element of document.querySelectorAll("img[src], img[srcset], source[srcset]")) {
        const src = element.getAttribute("src");
        if (src) found.push(new URL(src, location.href).href);
        for (const candidate of (element.getAttribute("srcset") ?? "").split(",")) {
          const url = candidate.trim().split(" ")[0];
          if (url) found.push(new URL(url, location.href).href);
        }
      }
      return [...new Set(found)];
    });
    expect(urls.length).toBeGreaterThanOrEqual(8);
    for (const url of urls) {
      const res = await fetch(url.replace(/^https?:\/\/[^/]+/, BASE));
      expect(res.status, url).toBe(200);
      expect(res.headers.get("content-type"), url).toMatch(/^image\/(jpeg|webp)$/);
      expect(res.headers.get("cache-control"), url).toBe("public, max-age=31536000, immutable");
      const bytes = new Uint8Array(await res.arrayBuffer());
      // Served by the Worker from R2, not as a static asset (wrangler dev answers a Range on those
      // with the whole file, 200): the asset folder holds no photo at all.
      const part = await fetch(url.replace(/^https?:\/\/[^/]+/, BASE), { headers: { Range: "bytes=2-9" } });
      expect(part.status, url).toBe(206);
      expect(part.headers.get("content-range"), url).toBe(`bytes 2-9/${bytes.length}`);
      expect(new Uint8Array(await part.arrayBuffer()), url).toEqual(bytes.slice(2, 10));
    }
    const legacy = join("dist", "assets", "media");
    expect(existsSync(legacy) ? readdirSync(legacy) : []).toEqual([]);
    // Story chunks stay unreadable from outside.
    expect((await fetch(`${BASE}/_chunks/0.jsonl`)).status).toBe(404);
    await context.close();
  });

  it("searches from the header's form: typed words land on the results page, matches marked", async () => {
    const { context, page, problems } = await watchedPage({ viewport: VIEWPORTS[0] });
    await page.goto(`${BASE}/`);
    await page.getByRole("searchbox", { name: "Search the stories" }).fill("Harbour WALL");
    await page.getByRole("button", { name: "Search" }).click();
    // One spelling per query: the form's own encoding, lower-cased, after one redirect.
    await expect.poll(() => page.url()).toBe(`${BASE}/search?q=harbour+wall`);
    expect(await page.locator(".stories h2 a").first().textContent()).toBe(
      "Harbour reopens after two years of repairs",
    );
    expect(await page.locator("mark").count()).toBeGreaterThan(0);
    expect(await page.getByRole("searchbox", { name: "Search the stories" }).inputValue()).toBe(
      "harbour wall",
    );
    expect(problems).toEqual([]);
    await context.close();
  });

  it("clicks through home -> story -> next story -> home", async () => {
    const { context, page, problems } = await watchedPage({ viewport: VIEWPORTS[0] });
    await page.goto(`${BASE}/`);
    const first = page.locator(".stories h2 a").first();
    const firstTitle = await first.textContent();
    await first.click();
    await expect.poll(() => page.locator("h1").textContent()).toBe(firstTitle);
    const older = page.locator('nav a[rel="prev"]');
    const olderTitle = (await older.textContent())!.replace(/^Previous: /, "");
    await older.click();
    await expect.poll(() => page.locator("h1").textContent()).toBe(olderTitle);
    const newer = page.locator('nav a[rel="next"]');
    expect((await newer.textContent())!.replace(/^Next: /, "")).toBe(firstTitle);
    await page.locator("nav a", { hasText: "All stories" }).click();
    await expect.poll(() => page.url()).toBe(`${BASE}/`);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("has feed autodiscovery links that resolve to the three feeds", async () => {
    const { context, page } = await watchedPage({ viewport: VIEWPORTS[1] });
    for (const path of ["/", SEED_STORY]) {
      await page.goto(`${BASE}${path}`);
      const links = await page.$$eval('link[rel="alternate"]', (elements) =>
        elements.map((e) => ({ type: e.getAttribute("type"), href: (e as HTMLLinkElement).href })),
      );
      expect(links.map((l) => l.type)).toEqual([
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
      ]);
      for (const link of links) {
        const res = await fetch(link.href);
        expect(res.status, link.href).toBe(200);
        expect(res.headers.get("content-type")).toBe(`${link.type}; charset=utf-8`);
        const body = await res.text();
        expect(body).toContain("Trump Calls for Meeting with North Korean Leader During Asia Tour");
      }
    }
    await context.close();
  });
});
