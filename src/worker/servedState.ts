// What is served at an instant: the visible stories and the caches of what was rendered from them,
// as one object. When a scheduled instant passes, a new object replaces it whole and the caches of
// the old one go with it: nothing rendered before the instant can be served after it.

import type { Directory } from "../core/archiveLayout";
import type { Content, Site } from "../core/types";
import type { ArchiveReader } from "./archiveReader";
import { LruCache } from "./lruCache";
import { LruMap } from "./lruMap";
import type { Replay } from "./responseCache";
import type { Representation } from "./representation";
import { loadVisibility, readDirectory, type Visibility } from "./visibility";

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

/** The state for the current instant. */
export interface ServedStates {
  /**
   * Makes the state current: one clock comparison while nothing changes; when an
   * instant has passed (or on the first request), reads what the new state needs.
   * Rejects with ContentUnavailable when the archive cannot be read.
   */
  refresh(): Promise<ServedState>;
  /** The state made current by the last `refresh` (which every request the cache does not answer awaits). */
  current(): ServedState;
  /** The current state while it is still the one for this instant (no refresh due), else undefined. */
  fresh(): ServedState | undefined;
  /** Bytes the current state's caches hold. */
  cachedBytes(): number;
}

/** States of `content` on `site`, following `clock` (epoch ms). */
export function servedStates(
  content: Pick<Content, "manifest">,
  reader: ArchiveReader,
  site: Site,
  clock: () => number,
  budget: StateBudget,
): ServedStates {
  // The directory never changes within a deployment: read once (again only after a failed read).
  let directory: Promise<Directory> | undefined;
  let state: ServedState | undefined;
  let pending: Promise<ServedState> | undefined;
  const make = async (now: number): Promise<ServedState> => {
    directory ??= readDirectory(reader, content.manifest).catch((error: unknown) => {
      directory = undefined;
      throw error;
    });
    const view = await loadVisibility(
      reader,
      content.manifest,
      await directory,
      site.feedSize,
      site.showDrafts,
      now,
    );
    return {
      view,
      representations: new LruCache<Representation>(
        budget.representationBytes,
        (representation) => representation.identity.byteLength + representation.gzip.byteLength,
      ),
      replays: new LruMap<Replay>(budget.replayBytes),
    };
  };
  return {
    refresh() {
      if (state && clock() < state.view.nextChange) return Promise.resolve(state);
      // Concurrent requests share one read; a failed one is tried again by the next request.
      pending ??= make(clock())
        .then((made) => (state = made))
        .finally(() => (pending = undefined));
      return pending;
    },
    current() {
      if (!state) throw new Error("servedStates.current() before the first refresh()");
      return state;
    },
    fresh() {
      return state && clock() < state.view.nextChange ? state : undefined;
    },
    cachedBytes: () => (state ? state.representations.weight + state.replays.weight : 0),
  };
}
