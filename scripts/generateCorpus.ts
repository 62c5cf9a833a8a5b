// Writes N synthetic stories in the real seed format, deterministically, for benchmarks and scale tests.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const WORDS = (
  "the of and to in a is that for on with as was by at from it said government minister officials " +
  "report market city council election talks security trade policy analysts week year people new " +
  "regional economy summit agreement budget court health energy climate border water school data " +
  "café naïve façade résumé Zürich São Paulo Kraków Åland Ørsted Ñuñoa Malmö Québec Bogotá " +
  "face‑to‑face non‑proliferation Indo‑Pacific “quoted” ‘single’ — – … €20 ¥300 £5 " +
  "東京 北京 서울 Москва Αθήνα القاهرة ירושלים मुंबई 🌍 📈"
).split(/\s+/);

/** mulberry32: a small deterministic PRNG, so the same N always gives the same corpus. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function text(next: () => number, min: number, max: number): string {
  const length = min + Math.floor(next() * (max - min));
  const words: string[] = [];
  let size = 0;
  while (size < length) {
    const word = WORDS[Math.floor(next() * WORDS.length)]!;
    words.push(word);
    size += word.length + 1;
  }
  const sentence = words.join(" ");
  return `${sentence[0]!.toUpperCase()}${sentence.slice(1)}.`;
}

const SYLLABLES = "ka lo mi ne ru sa to vi za be do fu gi ha je ko lu ma no pe".split(" ");
/** Distinct place names in the corpus: each one names about N/8,000 stories (rare words for search). */
export const PLACES = 8000;

/** Place name `k` (0 <= k < PLACES): three syllables, e.g. "Kalomi". */
export function placeName(k: number): string {
  const name = [Math.floor(k / 400) % 20, Math.floor(k / 20) % 20, k % 20].map((i) => SYLLABLES[i]).join("");
  return `${name[0]!.toUpperCase()}${name.slice(1)}`;
}

/** Topic names the corpus tags stories with. */
export const TOPICS = (
  "World Politics Business Science Health Sport Culture Technology Climate Education Europe Asia " +
  "Africa Americas Economy Energy Courts Transport Housing Food Travel Media Defence Space Music Film " +
  "Books Weather Cities Elections Trade Markets Labour Crime Religion Fashion Gaming Opinion Obituaries Letters"
).split(" ");

/** How a corpus is written. */
export interface CorpusOptions {
  /** One paragraph of 100-200 characters per story: a million stories in little disk and memory. */
  readonly short?: boolean;
}

/**
 * Writes `count` seeds into `dir`: headlines of 60-100 characters, 4-12 paragraphs
 * of 200-600 characters (one of 100-200 when `short`) with non-ASCII text (the first after a place's
 * dateline), one or two topics, one an hour (or closer, within twenty years) back from 2026-11-01,
 * dated in front matter so the corpus needs no git history.
 */
export function generateCorpus(dir: string, count: number, seed = 1, options: CorpusOptions = {}): void {
  mkdirSync(dir, { recursive: true });
  const next = random(seed);
  const start = Date.UTC(2026, 10, 1);
  const width = Math.max(3, String(count - 1).length);
  // An hour apart, or closer when that would reach back more than twenty years (a million stories:
  // one every ten and a half minutes, as a large newsroom publishes).
  const spacing = Math.min(3_600_000, Math.floor((20 * 365.25 * 24 * 3_600_000) / Math.max(1, count)));
  for (let i = 0; i < count; i++) {
    const id = Array.from({ length: 16 }, () => Math.floor(next() * 16).toString(16)).join("");
    const date = new Date(start - (count - 1 - i) * spacing).toISOString().replace(/\.000Z$/, "Z");
    const paragraphs = options.short
      ? [text(next, 100, 200)]
      : Array.from({ length: 4 + Math.floor(next() * 9) }, () => text(next, 200, 600));
    // Topics, some far more common than others: the first of TOPICS is on about a fifth of stories.
    const tags = [TOPICS[Math.floor(next() ** 2 * TOPICS.length)]!];
    if (next() < 0.3) tags.push(TOPICS[Math.floor(next() * TOPICS.length)]!);
    // A dateline: a place few stories share, so searches for rare words have something to find.
    paragraphs[0] = `${placeName((i * 7919) % PLACES)}: ${paragraphs[0]}`;
    const body = [
      "---",
      `date: ${date}`,
      `tags: [${[...new Set(tags)].join(", ")}]`,
      "---",
      text(next, 60, 100).replace(/\.$/, ""),
      ...paragraphs,
      "",
    ].join("\n");
    writeFileSync(join(dir, `${String(i).padStart(width, "0")}_${id}.txt`), body);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, count, mode] = process.argv.slice(2);
  if (!dir || !count || !/^\d+$/.test(count) || (mode !== undefined && mode !== "short")) {
    console.error("usage: tsx scripts/generateCorpus.ts DIR COUNT [short]");
    process.exit(2);
  }
  generateCorpus(dir, Number(count), 1, { short: mode === "short" });
  console.error(`wrote ${count} seeds to ${dir}`);
}
