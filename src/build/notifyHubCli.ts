// `npm run notify-hub`: tells the WebSub hub about every feed whose ETag changed since the last notice
// (W3C WebSub §7 publishing, in the de facto `hub.mode=publish` form hubs accept). Run after a deploy.

import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { FEED_PATHS } from "../core/paths";
import { productionVars } from "./productionVars";
import { writeIfChanged } from "./writeIfChanged";

const root = resolve(import.meta.dirname, "../..");
const vars = productionVars(join(root, "wrangler.toml"));
const siteUrl = (vars.SITE_URL ?? "").replace(/\/+$/, "");
const hubUrl = vars.HUB_URL ?? "";
const stateFile = resolve(process.env.WEBSUB_STATE ?? join(root, ".websub-state.json"));

if (!hubUrl) {
  console.error("notify-hub: HUB_URL is empty under [env.production.vars]; nothing to notify");
  process.exit(0);
}

let state: Record<string, string> = {};
try {
  state = JSON.parse(readFileSync(stateFile, "utf8")) as Record<string, string>;
} catch {
  // first notice: every feed counts as changed
}

/**
 * Every feed the site serves, from its OPML file: the site feeds, and for each topic
 * listed there its RSS, Atom and JSON Feed (they share the topic's path).
 */
async function feedPaths(): Promise<string[]> {
  const paths: string[] = Object.values(FEED_PATHS);
  try {
    const res = await fetch(`${siteUrl}/feeds.opml`, { headers: { "Accept-Encoding": "identity" } });
    if (!res.ok) return paths;
    const opml = await res.text();
    for (const match of opml.matchAll(/xmlUrl="([^"]+)"/g)) {
      const url = match[1]!.replaceAll("&amp;", "&");
      if (!url.startsWith(`${siteUrl}/tags/`)) continue;
      const base = url.slice(siteUrl.length, -FEED_PATHS.rss.length);
      paths.push(...Object.values(FEED_PATHS).map((file) => `${base}${file}`));
    }
  } catch {
    // no OPML: the site feeds alone
  }
  return paths;
}

const notified: string[] = [];
const unchanged: string[] = [];
const failed: string[] = [];
for (const path of await feedPaths()) {
  const feed = `${siteUrl}${path}`;
  try {
    const res = await fetch(feed, { method: "HEAD", headers: { "Accept-Encoding": "identity" } });
    const etag = res.headers.get("ETag");
    if (!res.ok || !etag) throw new Error(`HTTP ${res.status}${etag ? "" : ", no ETag"}`);
    if (state[feed] === etag) {
      unchanged.push(path);
      continue;
    }
    const ping = await fetch(hubUrl, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ "hub.mode": "publish", "hub.url": feed }),
    });
    if (!ping.ok) throw new Error(`hub answered HTTP ${ping.status}`);
    state[feed] = etag;
    notified.push(path);
  } catch (error) {
    failed.push(`${path} (${error instanceof Error ? error.message : String(error)})`);
  }
}
writeIfChanged(stateFile, `${JSON.stringify(state, null, 2)}\n`);
console.error(
  `notify-hub: notified ${notified.length} feed(s)${notified.length ? ` (${notified.join(", ")})` : ""}, ${unchanged.length} unchanged${failed.length ? `, ${failed.length} failed: ${failed.join("; ")}` : ""}`,
);
process.exitCode = failed.length > 0 ? 1 : 0;
