// A least-recently-used cache of promised values, bounded by total weight (e.g. bytes).

import { LruMap } from "./lruMap";

/**
 * Concurrent requests for a key share one promise; a rejected promise is
 * dropped so the next call retries; a value weighs nothing until it resolves.
 */
export class LruCache<V> {
  readonly #map: LruMap<Promise<V>>;

  constructor(
    maxWeight: number,
    private readonly weigh: (value: V) => number,
  ) {
    this.#map = new LruMap(maxWeight);
  }

  /** The value for `key`, created with `create` on a miss. */
  get(key: string, create: () => Promise<V>): Promise<V> {
    const hit = this.#map.get(key);
    if (hit) return hit;
    const promise = create();
    this.#map.set(key, promise, 0);
    promise.then(
      (value) => this.#map.reweigh(key, promise, this.weigh(value)),
      () => this.#drop(key, promise),
    );
    return promise;
  }

  /** Forgets `key` (a value found to be wrong), so the next `get` creates it again. */
  delete(key: string): void {
    this.#map.delete(key);
  }

  #drop(key: string, promise: Promise<V>): void {
    if (this.#map.get(key) === promise) this.#map.delete(key);
  }

  /** Total weight of the resolved values held. */
  get weight(): number {
    return this.#map.weight;
  }
}
