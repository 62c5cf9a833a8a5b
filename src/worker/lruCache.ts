// A least-recently-used cache of promised values, bounded by total weight (e.g. bytes).

/**
 * Keeps at most `maxWeight` of resolved values; the newest entry is never
 * evicted, so one oversized value still works. Concurrent requests for a key
 * share one promise; a rejected promise is dropped so the next call retries.
 */
export class LruCache<V> {
  readonly #entries = new Map<string, { promise: Promise<V>; weight: number }>();
  #weight = 0;

  constructor(
    private readonly maxWeight: number,
    private readonly weigh: (value: V) => number,
  ) {}

  /** The value for `key`, created with `create` on a miss. */
  get(key: string, create: () => Promise<V>): Promise<V> {
    const hit = this.#entries.get(key);
    if (hit) {
      // Map keeps insertion order: re-inserting marks the entry most recently used.
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit.promise;
    }
    const entry = { promise: create(), weight: 0 };
    this.#entries.set(key, entry);
    entry.promise.then(
      (value) => {
        if (this.#entries.get(key) !== entry) return;
        entry.weight = this.weigh(value);
        this.#weight += entry.weight;
        this.#evict(key);
      },
      () => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      },
    );
    return entry.promise;
  }

  /** Total weight of the resolved values held. */
  get weight(): number {
    return this.#weight;
  }

  #evict(keep: string): void {
    for (const [key, entry] of this.#entries) {
      if (this.#weight <= this.maxWeight) return;
      if (key === keep) continue;
      this.#entries.delete(key);
      this.#weight -= entry.weight;
    }
  }
}
