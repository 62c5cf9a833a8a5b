// The pages in a real browser (Debian's Chromium via playwright-core): phone and desktop layouts,
// no console errors, failed requests or CSP violations, axe-core WCAG 2.1 AA, navigation, feed discovery.

import { mkdirSync, readFileSync } from "node:fs";
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
const PAGES = [
  { name: "home", path: "/", status: 200 },
  { name: "permalink", path: SEED_STORY, status: 200 },
  { name: "404", path: "/no/such/page", status: 404 },
  { name: "feeds", path: "/feeds", status: 200 },
  { name: "topic", path: "/tags/markets", status: 200 },
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
        // The 404 status itself is logged by Chromium as a failed resource; anything else is a problem.
        const unexpected = problems.filter((p) => !(target.status === 404 && /status of 404/.test(p)));
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
