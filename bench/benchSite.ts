// The site settings every bench measurement renders with.

import type { Site } from "../src/core/types";

/** A production-like site on the local address the bench serves. */
export const BENCH_SITE: Site = {
  title: "Bench News",
  description: "Synthetic stories",
  baseUrl: "http://127.0.0.1:8787",
  language: "en",
  author: "Bench Desk",
  feedId: "urn:uuid:0c6b1f4e-8a51-4d7e-9a53-6e2f1b9d7c40",
  feedSize: 50,
  showDrafts: false,
  hubUrl: null,
};
