// Matches a query's term lists: the stories in every list (or, failing that, in any), how many
// there are and the first few in the query's order (BM25 score, or date), without a served story
// the view hides.

import { BITS_SET, nibbleWeight, type TermList } from "../core/search/indexFormat";
import type { Visibility } from "./visibility";

/** How many stories match, and the ordinals of the first `limit` in the query's order. */
export interface Matches {
  readonly ordinals: readonly number[];
  readonly total: number;
}

/** A match: the story's ordinal (its doc) and its score. */
interface Hit {
  readonly ordinal: number;
  readonly score: number;
}

/**
 * Reads a term list's weight for docs asked newest first (descending), keeping
 * its place, so a walk down the archive costs one pass over the list.
 */
interface Probe {
  /** The weight (1-255) of `doc` in the list, 0 when the list lacks it. */
  weight(doc: number): number;
  /** Whether the list has no doc below the last one asked for. */
  readonly done: boolean;
}

class ListedProbe implements Probe {
  #at: number;
  constructor(
    private readonly docs: Uint32Array,
    private readonly weights: Uint8Array,
  ) {
    this.#at = docs.length - 1;
  }
  weight(doc: number): number {
    const { docs } = this;
    let at = this.#at;
    while (at >= 0 && docs[at]! > doc) at--;
    this.#at = at;
    return at >= 0 && docs[at] === doc ? this.weights[at]! : 0;
  }
  get done(): boolean {
    return this.#at < 0;
  }
}

/**
 * A word in many stories, its bitmap read in place: a doc's weight is at its
 * rank among the docs with the word, counted down from the newest as the walk
 * goes (each byte of the bitmap counted once).
 */
class DenseProbe implements Probe {
  /** The byte the last doc asked for lies in, and how many docs lie above that byte. */
  #byte: number;
  #above = 0;
  /** How many docs with the word lie below the last one asked for. */
  #below: number;
  constructor(
    private readonly bitmap: Uint8Array,
    private readonly weights: Uint8Array,
  ) {
    this.#byte = bitmap.length - 1;
    this.#below = weights.length;
  }
  weight(doc: number): number {
    const { bitmap } = this;
    const at = doc >> 3;
    if (at >= bitmap.length) return 0;
    let byte = this.#byte;
    let above = this.#above;
    while (byte > at) above += BITS_SET[bitmap[byte--]!]!;
    this.#byte = byte;
    this.#above = above;
    const bits = bitmap[at]! >> (doc & 7); // the doc's bit and those of newer docs in its byte
    const rank = this.weights.length - above - BITS_SET[bits]!; // docs with the word below `doc`
    this.#below = rank;
    return (bits & 1) === 0 ? 0 : this.weights[rank]!;
  }
  get done(): boolean {
    return this.#below === 0;
  }
}

/** A word in nearly every story: every doc below its span but the absent ones. */
class ComplementProbe implements Probe {
  #at: number;
  readonly done = false;
  constructor(
    private readonly span: number,
    private readonly absent: Uint32Array,
    private readonly nibbles: Uint8Array,
  ) {
    this.#at = absent.length - 1;
  }
  weight(doc: number): number {
    if (doc >= this.span) return 0;
    const { absent } = this;
    let at = this.#at;
    while (at >= 0 && absent[at]! > doc) at--;
    this.#at = at;
    if (at >= 0 && absent[at] === doc) return 0;
    // The docs below it with the term: all but the at + 1 absent ones.
    return nibbleWeight(this.nibbles, doc - (at + 1));
  }
}

function probeOf(list: TermList): Probe {
  if (list.form === "listed") return new ListedProbe(list.postings.docs, list.postings.weights);
  if (list.form === "dense") return new DenseProbe(list.bitmap, list.weights);
  return new ComplementProbe(list.span, list.absent, list.nibbles);
}

/**
 * The stories in every list that `excluded` (ascending) does not hold: how many,
 * and the first `limit` in `sort` order, each list's weights scaled by `scales`.
 * The lists are walked together from their newest doc down (the date order;
 * ties in relevance go to the newer), and a bitmap or a word in nearly every
 * story is read in place, so no array the size of the archive is made.
 */
export function matchEvery(
  lists: readonly TermList[],
  scales: readonly number[],
  excluded: readonly number[],
  limit: number,
  sort: string,
): Matches {
  if (lists.every((list) => list.form === "complement")) {
    return matchComplements(lists as ComplementList[], scales, excluded, limit, sort);
  }
  const rarest = lists.reduce((a, b) => (a.count <= b.count ? a : b));
  const probes = lists.map(probeOf);
  const weights = new Float64Array(lists.length);
  const byDate = sort === "date";
  let x = excluded.length - 1;
  const hits: Hit[] = [];
  let count = 0;
  /** Takes `doc` (newest first) if every list has it; false once no older doc can be in every list. */
  const consider = (doc: number): boolean => {
    for (let k = 0; k < probes.length; k++) {
      const probe = probes[k]!;
      const weight = probe.weight(doc);
      if (weight === 0) return !probe.done; // a list with no doc this old: no older doc is in every list
      weights[k] = weight;
    }
    while (x >= 0 && excluded[x]! > doc) x--;
    if (x >= 0 && excluded[x] === doc) return true;
    count++;
    const full = hits.length === limit;
    if (full && byDate) return true;
    // Summed in the query's order, as matchAny does: the same story scores the same either way.
    let score = 0;
    for (let k = 0; k < weights.length; k++) score += weights[k]! * scales[k]!;
    // Older than every hit kept: it must score higher to be kept.
    if (full && score <= hits[limit - 1]!.score) return true;
    keep(hits, { ordinal: doc, score }, limit, sort);
    return true;
  };
  // The candidates, newest first: the rarest list's docs; when it is dense, the docs in every dense
  // list, their bitmaps ANDed a byte at a time; for a complement list, every doc below its span (the
  // probes skip the ones it lacks).
  if (rarest.form === "listed") {
    const { docs } = rarest.postings;
    for (let i = docs.length - 1; i >= 0 && consider(docs[i]!); i--);
  } else if (rarest.form === "dense") {
    const bitmaps = lists.flatMap((list) => (list.form === "dense" ? [list.bitmap] : []));
    const end = Math.min(...bitmaps.map((bitmap) => bitmap.length));
    walk: for (let at = end - 1; at >= 0; at--) {
      let byte = 0xff;
      for (let k = 0; k < bitmaps.length && byte !== 0; k++) byte &= bitmaps[k]![at]!;
      while (byte !== 0) {
        const bit = 31 - Math.clz32(byte); // the newest doc left in the byte
        byte ^= 1 << bit;
        if (!consider(at * 8 + bit)) break walk;
      }
    }
  } else {
    for (let doc = rarest.span - 1; doc >= 0 && consider(doc); doc--);
  }
  return { ordinals: hits.map((hit) => hit.ordinal), total: count };
}

type ComplementList = Extract<TermList, { form: "complement" }>;

/**
 * matchEvery for words in nearly every story: the docs below the smallest span
 * that no list lacks and `excluded` does not hold are runs between those few
 * docs; within a run each list's weights lie in order, so a run is counted at
 * once and scored from the nibbles directly (only the relevance order needs it).
 */
function matchComplements(
  lists: readonly ComplementList[],
  scales: readonly number[],
  excluded: readonly number[],
  limit: number,
  sort: string,
): Matches {
  const span = Math.min(...lists.map((list) => list.span));
  // The docs that break the runs, newest first, once each.
  const breaks = [...new Set([...excluded, ...lists.flatMap((list) => [...list.absent])])]
    .filter((doc) => doc < span)
    .sort((a, b) => b - a);
  // Per list: how many of its absent docs are below the run at hand (a doc's nibble is its doc less that).
  const below = lists.map((list) => list.absent.length);
  const hits: Hit[] = [];
  let count = 0;
  let top = span - 1;
  for (let b = 0; b <= breaks.length; b++) {
    const low = b < breaks.length ? breaks[b]! + 1 : 0;
    if (top >= low) {
      lists.forEach((list, k) => {
        while (below[k]! > 0 && list.absent[below[k]! - 1]! >= low) below[k]!--;
      });
      count += top - low + 1;
      if (sort === "date") {
        for (let doc = top; doc >= low && hits.length < limit; doc--) hits.push({ ordinal: doc, score: 0 });
      } else scoreRun(lists, scales, below, top, low, hits, limit);
    }
    top = low - 2; // below the break
  }
  return { ordinals: hits.map((hit) => hit.ordinal), total: count };
}

/** Keeps the best `limit` of docs top ... low (newest first), in every list of `lists`. */
function scoreRun(
  lists: readonly ComplementList[],
  scales: readonly number[],
  below: readonly number[],
  top: number,
  low: number,
  hits: Hit[],
  limit: number,
): void {
  const nibbles = lists.map((list) => list.nibbles);
  let floor = hits.length === limit ? hits[limit - 1]!.score : -1;
  for (let doc = top; doc >= low; doc--) {
    // Summed in the query's order, as matchAny does: the same story scores the same either way.
    let score = 0;
    for (let k = 0; k < nibbles.length; k++) score += nibbleWeight(nibbles[k]!, doc - below[k]!) * scales[k]!;
    // Older than every hit kept: it must score higher to be kept.
    if (score <= floor) continue;
    keep(hits, { ordinal: doc, score }, limit, "relevance");
    if (hits.length === limit) floor = hits[limit - 1]!.score;
  }
}

/** Docs the any-word match scores at a time (a multiple of 8, for the bitmaps' bytes). */
const BLOCK = 4096;

/**
 * The docs `low` ... `low + BLOCK - 1` as the any-word match scores them: the
 * summed weights of those a list has, and which those are, in the order added.
 */
class Block {
  low = 0;
  readonly scores = new Float64Array(BLOCK);
  /** Per doc: 0 when no list has it, 1 when one has, 2 when one has but it is not served. */
  readonly state = new Uint8Array(BLOCK);
  readonly added = new Uint16Array(BLOCK);
  size = 0;

  add(doc: number, weight: number): void {
    const at = doc - this.low;
    if (this.state[at] === 0) {
      this.state[at] = 1;
      this.added[this.size++] = at;
    }
    this.scores[at]! += weight;
  }
}

/** Reads a term list in place, newest first, a block at a time. */
interface BlockReader {
  /** The newest doc not yet added (one with the word, or one below which all are), -1 when none. */
  readonly next: number;
  /** Adds the docs with the word from `next` down to the block's low, their weights times `scale`. */
  add(block: Block, scale: number): void;
}

class ListedReader implements BlockReader {
  #at: number;
  constructor(
    private readonly docs: Uint32Array,
    private readonly weights: Uint8Array,
  ) {
    this.#at = docs.length - 1;
  }
  get next(): number {
    return this.#at >= 0 ? this.docs[this.#at]! : -1;
  }
  add(block: Block, scale: number): void {
    const { docs, weights } = this;
    let at = this.#at;
    for (; at >= 0 && docs[at]! >= block.low; at--) block.add(docs[at]!, weights[at]! * scale);
    this.#at = at;
  }
}

class DenseReader implements BlockReader {
  /** The byte of the newest doc not yet added, and how many docs with the word lie below that byte's. */
  #byte: number;
  #rank: number;
  constructor(
    private readonly bitmap: Uint8Array,
    private readonly weights: Uint8Array,
  ) {
    this.#byte = bitmap.length - 1;
    this.#rank = weights.length;
  }
  get next(): number {
    while (this.#byte >= 0 && this.bitmap[this.#byte] === 0) this.#byte--;
    return this.#byte < 0 ? -1 : this.#byte * 8 + 31 - Math.clz32(this.bitmap[this.#byte]!);
  }
  add(block: Block, scale: number): void {
    const { bitmap, weights } = this;
    let rank = this.#rank;
    let at = this.#byte;
    for (; at >= block.low >> 3; at--) {
      let byte = bitmap[at]!;
      while (byte !== 0) {
        const bit = 31 - Math.clz32(byte); // the newest doc left in the byte
        byte ^= 1 << bit;
        block.add(at * 8 + bit, weights[--rank]! * scale);
      }
    }
    this.#byte = at;
    this.#rank = rank;
  }
}

class ComplementReader implements BlockReader {
  /** The newest doc not yet added, the newest absent doc not above it, and the docs with the word up to it. */
  #doc: number;
  #absent: number;
  #rank: number;
  constructor(
    span: number,
    private readonly absent: Uint32Array,
    private readonly nibbles: Uint8Array,
  ) {
    this.#doc = span - 1;
    this.#absent = absent.length - 1;
    this.#rank = span - absent.length;
  }
  get next(): number {
    return this.#doc;
  }
  add(block: Block, scale: number): void {
    const { absent, nibbles } = this;
    let doc = this.#doc;
    let gap = this.#absent;
    let rank = this.#rank;
    for (; doc >= block.low; doc--) {
      if (gap >= 0 && absent[gap] === doc) gap--;
      else block.add(doc, nibbleWeight(nibbles, --rank) * scale);
    }
    this.#doc = doc;
    this.#absent = gap;
    this.#rank = rank;
  }
}

function readerOf(list: TermList): BlockReader {
  if (list.form === "listed") return new ListedReader(list.postings.docs, list.postings.weights);
  if (list.form === "dense") return new DenseReader(list.bitmap, list.weights);
  return new ComplementReader(list.span, list.absent, list.nibbles);
}

/**
 * The stories `view` serves (of the `total` in the archive) in any of the
 * lists: how many, and the first `limit` in `sort` order. The lists are read in
 * place, newest first, a block of BLOCK docs at a time (skipping those no list
 * has a doc in): each adds its weights to the scores of the block's docs, then
 * the docs added are counted and the best kept. The memory is one block and
 * the `limit` hits, at any size of archive.
 */
export function matchAny(
  lists: readonly TermList[],
  scales: readonly number[],
  view: Pick<Visibility, "excluded">,
  total: number,
  limit: number,
  sort: string,
): Matches {
  const readers = lists.map(readerOf);
  const block = new Block();
  const { scores, state, added } = block;
  const { excluded } = view;
  let x = excluded.length - 1;
  const hits: Hit[] = [];
  let count = 0;
  for (;;) {
    let newest = -1;
    for (const reader of readers) newest = Math.max(newest, reader.next);
    if (newest < 0) break;
    const low = (block.low = Math.max(0, ((newest >> 3) + 1) * 8 - BLOCK));
    // Summed in the query's order, as matchEvery does: the same story scores the same either way.
    for (let k = 0; k < readers.length; k++) readers[k]!.add(block, scales[k]!);
    // The block's docs not served: marked, not counted.
    for (; x >= 0 && excluded[x]! >= low; x--) {
      if (excluded[x]! - low < BLOCK && state[excluded[x]! - low] === 1) state[excluded[x]! - low] = 2;
    }
    for (let i = 0; i < block.size; i++) {
      const at = added[i]!;
      const doc = low + at;
      const score = scores[at]!;
      const served = state[at] === 1 && doc < total; // a doc past the archive is another build's
      scores[at] = 0;
      state[at] = 0;
      if (!served) continue;
      count++;
      keep(hits, { ordinal: doc, score }, limit, sort); // added in no order within the block: keep sorts
    }
    block.size = 0;
  }
  return { ordinals: hits.map((hit) => hit.ordinal), total: count };
}

/** Whether hit `a` comes before `b`: higher score (then newer), or newer for the date order. */
function before(a: Hit, b: Hit, sort: string): number {
  return sort === "date" ? b.ordinal - a.ordinal : b.score - a.score || b.ordinal - a.ordinal;
}

/** Adds `hit` to `hits`, keeping only the best `limit` (sorted on insertion; `limit` is small). */
function keep(hits: Hit[], hit: Hit, limit: number, sort: string): void {
  if (hits.length === limit && before(hit, hits[limit - 1]!, sort) >= 0) return;
  let at = hits.length;
  while (at > 0 && before(hit, hits[at - 1]!, sort) < 0) at--;
  hits.splice(at, 0, hit);
  if (hits.length > limit) hits.pop();
}
