// What is served at an instant: the visible stories and the caches of what was rendered from them,
// as one object. When a scheduled instant passes, a new object replaces it whole and the caches of
// the old one go with it: nothing rendered before the instant can be served after it.

import type { Content, Site } from "../core/types";
import { LruCache } from "./lruCache";
import { LruMap } from "./lruMap";
import type { Replay } from "./responseCache";
import type { Representation } from "./representation";
import { visibility, type Visibility } from "./visibility";

/** The served stories at one instant, with the bodies rendered from them. */
export interface ServedState {
  readonly view: Visibility;
  /** Rendered bodies by resource key, bounded by their bytes (identity + gzip). */
  readonly representations: LruCache<Representation>;
  /** Whole responses ready to replay, by request variant and target, bounded by body bytes. */
  readonly replays: LruMap<Replay>;
}

/** Byte bounds of one state's caches. */
export interface StateBudget {
  readonly representationBytes: number;
  readonly replayBytes: number;
}

/** The state for the current instant; `current()` costs one clock comparison while nothing changes. */
export interface ServedStates {
  current(): ServedState;
  /** Bytes the current state's caches hold. */
  cachedBytes(): number;
}

/** States of `content` on `site`, following `clock` (epoch ms). */
export function servedStates(
  content: Pick<Content, "index" | "chunkSize">,
  site: Site,
  clock: () => number,
  budget: StateBudget,
): ServedStates {
  const make = (now: number): ServedState => ({
    view: visibility(content.index, content.chunkSize, site.feedSize, site.showDrafts, now),
    representations: new LruCache<Representation>(
      budget.representationBytes,
      (representation) => representation.identity.byteLength + representation.gzip.byteLength,
    ),
    replays: new LruMap<Replay>(budget.replayBytes),
  });
  let state = make(clock());
  return {
    current() {
      const now = clock();
      if (now >= state.view.nextChange) state = make(now);
      return state;
    },
    cachedBytes: () => state.representations.weight + state.replays.weight,
  };
}
