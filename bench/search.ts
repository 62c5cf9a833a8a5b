// The search part of `npm run bench`: the index's size and files, and cold queries in-process.

import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ROOT, run } from "./site";

/** What the search bench measures for one N. */
export interface SearchFigures {
  stories: number;
  indexKiB: number;
  shardFiles: number;
  summaryFiles: number;
  queries: Record<string, { q: string; results: number; cpuMs: number; kbRead: number }>;
}

/** Index size and cold query figures of the built site in `site`. */
export function measureSearch(site: string, stories: number): SearchFigures {
  const dir = join(site, "dist/assets/_search");
  const files = (sub: string) => readdirSync(join(dir, sub)).map((name) => join(dir, sub, name));
  const shards = [...files("t"), ...(existsSync(join(dir, "w")) ? files("w") : [])];
  const summaries = files("s");
  const bytes = [...shards, ...summaries].reduce((sum, path) => sum + statSync(path).size, 0);
  const cold = JSON.parse(
    run(join(site, "node_modules/.bin/tsx"), [join(ROOT, "bench/searchCold.ts"), site], site, {})
      .output.trim()
      .split("\n")
      .at(-1)!,
  ) as { results: SearchFigures["queries"] };
  return {
    stories,
    indexKiB: bytes / 1024,
    shardFiles: shards.length,
    summaryFiles: summaries.length,
    queries: cold.results,
  };
}

/** The search figures as Markdown; workerd figures from the serving bench where it ran that N. */
export function searchTable(
  figures: readonly SearchFigures[],
  served: readonly {
    stories: number;
    routes: {
      route: string;
      oursRps: number;
      rpsRatio: number;
      oursP99: number;
      baseP99: number;
      oursCpuUs: number;
      baseCpuUs: number;
    }[];
  }[],
): string {
  const lines = [
    "| N | index KiB | shard files | summary files | query | words | results | cold CPU ms | cold KiB read | warm req/s (ratio to baseline) | p99 ours/baseline ms | warm CPU µs (baseline) |",
    "|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const f of figures) {
    for (const [kind, q] of Object.entries(f.queries)) {
      const name = {
        rare: "search rare",
        common: "search common",
        three: "search 3 words",
        none: "search none",
      }[kind as "rare" | "common" | "three" | "none"] as string | undefined;
      const route = served.find((s) => s.stories === f.stories)?.routes.find((r) => r.route === name);
      lines.push(
        `| ${f.stories} | ${f.indexKiB.toFixed(0)} | ${f.shardFiles} | ${f.summaryFiles} | ${kind} | ${q.q} | ${q.results} | ${q.cpuMs.toFixed(2)} | ${q.kbRead.toFixed(1)} | ${route ? `${route.oursRps.toFixed(0)} (${route.rpsRatio.toFixed(2)})` : "n/a"} | ${route ? `${route.oursP99}/${route.baseP99}` : "n/a"} | ${route ? `${route.oursCpuUs.toFixed(1)} (${route.baseCpuUs.toFixed(1)})` : "n/a"} |`,
      );
    }
  }
  return lines.join("\n");
}
