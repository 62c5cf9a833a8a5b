// The one failure that is the platform's, not a bug: a part of the content cannot be read right now.

/**
 * Thrown when a story chunk cannot be read (missing after a bad deploy, the
 * ASSETS fetch failing). The app answers 503 with Retry-After and caches
 * nothing, so the next request tries again and succeeds once it is readable.
 */
export class ContentUnavailable extends Error {
  override readonly name = "ContentUnavailable";
}
