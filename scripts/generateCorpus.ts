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
function random(seed: number): () => number {
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

/**
 * Writes `count` seeds into `dir`: headlines of 60-100 characters, 4-12 paragraphs
 * of 200-600 characters with non-ASCII text (the first after a place's dateline), one a day back from 2026-11-01,
 * dated in front matter so the corpus needs no git history.
 */
export function generateCorpus(dir: string, count: number, seed = 1): void {
  mkdirSync(dir, { recursive: true });
  const next = random(seed);
  const start = Date.UTC(2026, 10, 1);
  const width = Math.max(3, String(count - 1).length);
  for (let i = 0; i < count; i++) {
    const id = Array.from({ length: 16 }, () => Math.floor(next() * 16).toString(16)).join("");
    const date = new Date(start - (count - 1 - i) * 3_600_000).toISOString().replace(/\.000Z$/, "Z");
    const paragraphs = Array.from({ length: 4 + Math.floor(next() * 9) }, () => text(next, 200, 600));
    // A dateline: a place few stories share, so searches for rare words have something to find.
    paragraphs[0] = `${placeName((i * 7919) % PLACES)}: ${paragraphs[0]}`;
    const body = [
      "---",
      `date: ${date}`,
      "---",
      text(next, 60, 100).replace(/\.$/, ""),
      ...paragraphs,
      "",
    ].join("\n");
    writeFileSync(join(dir, `${String(i).padStart(width, "0")}_${id}.txt`), body);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, count] = process.argv.slice(2);
  if (!dir || !count || !/^\d+$/.test(count)) {
    console.error("usage: tsx scripts/generateCorpus.ts DIR COUNT");
    process.exit(2);
  }
  generateCorpus(dir, Number(count));
  console.error(`wrote ${count} seeds to ${dir}`);
}
