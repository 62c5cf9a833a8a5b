// The requests the benchmark measures, shaped as Cloudflare's edge delivers them to a Worker.

import type { BenchQueries } from "./searchQueries";

/** One measured route. */
export interface BenchRoute {
  readonly name: string;
  readonly path: string;
  /** Ask for the ETag of a first response and send it back (a feed reader's revalidation). */
  readonly revalidate?: boolean;
}

/**
 * The routes of the table: home, each feed, a permalink, a 304 revalidation, a
 * 404, the four kinds of search query (`queries`, from the built index), then
 * `deep` (the routes deep in the archive, see archiveRoutes.ts).
 */
export function benchRoutes(permalink: string, queries: BenchQueries, deep: BenchRoute[] = []): BenchRoute[] {
  const search = (q: string) => `/search?${new URLSearchParams({ q }).toString()}`;
  return [
    { name: "home", path: "/" },
    { name: "rss", path: "/feed.xml" },
    { name: "atom", path: "/atom.xml" },
    { name: "json", path: "/feed.json" },
    { name: "permalink", path: permalink },
    { name: "rss 304", path: "/feed.xml", revalidate: true },
    { name: "404", path: "/no/such/page" },
    { name: "search rare", path: search(queries.rare) },
    { name: "search common", path: search(queries.common) },
    { name: "search 3 words", path: search(queries.three) },
    { name: "search none", path: search(queries.none) },
    ...deep,
  ];
}

/**
 * A feed reader's request as the Worker sees it on the edge: `Accept-Encoding`
 * rewritten to `br, gzip`, the client's own value in `request.cf`, which
 * Miniflare's direct sockets take as JSON in `MF-CF-Blob`.
 */
export const EDGE_HEADERS: Record<string, string> = {
  "Accept-Encoding": "br, gzip",
  "MF-CF-Blob": JSON.stringify({ clientAcceptEncoding: "gzip" }),
};
