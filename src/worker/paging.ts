// RFC 5005 paging of a list of stories (the archive, or a topic's): which full pages are archive
// pages, and how many stories the list's subscription feeds carry.

/**
 * The archive pages of a list of `length` stories, oldest first, in pages of
 * `pageSize`: the full pages before the first holding a scheduled story (at
 * index `firstScheduled`, -1 for none), which would change when it is published.
 */
export function archivePages(length: number, firstScheduled: number, pageSize: number): number {
  const full = Math.floor(length / pageSize);
  return firstScheduled === -1 ? full : Math.min(full, Math.floor(firstScheduled / pageSize));
}

/**
 * How many stories a list's feeds carry: at least `feedSize`, and every served
 * story no archive page holds (`unarchived`), of its `served` stories.
 */
export function feedLength(served: number, feedSize: number, unarchived: number): number {
  return Math.min(served, Math.max(feedSize, unarchived));
}
