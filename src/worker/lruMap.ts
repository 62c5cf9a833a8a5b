// A map that forgets its least recently used entries once their total weight passes a bound.

/**
 * `get` marks an entry as recently used; `set` adds it with its weight and evicts
 * the least recently used others until the total is within `maxWeight`. A value
 * heavier than `maxWeight` alone is not kept at all: the bound always holds.
 */
export class LruMap<V> {
  readonly #entries = new Map<string, { value: V; weight: number }>();
  #weight = 0;

  constructor(private readonly maxWeight: number) {}

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    // Map keeps insertion order: re-inserting marks the entry most recently used.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, weight: number): void {
    this.delete(key);
    if (weight > this.maxWeight) return;
    this.#entries.set(key, { value, weight });
    this.#weight += weight;
    for (const [oldest, entry] of this.#entries) {
      if (this.#weight <= this.maxWeight) break;
      this.#entries.delete(oldest);
      this.#weight -= entry.weight;
    }
  }

  /** Changes the weight of `key` if it still holds `value` (e.g. once a promised value has resolved). */
  reweigh(key: string, value: V, weight: number): void {
    if (this.#entries.get(key)?.value === value) this.set(key, value, weight);
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#weight -= entry.weight;
  }

  /** Total weight of the entries held. */
  get weight(): number {
    return this.#weight;
  }
}
