// Where stories sit in chunks and RFC 5005 archive pages, computed from their place in the index.

/**
 * Chunk and offset of the story at `index` (0 = newest) among `total` stories.
 * Chunks count from the oldest story, so a full chunk never changes when
 * newer stories arrive: that is what makes archive pages stable.
 */
export function chunkOf(index: number, total: number, chunkSize: number): { chunk: number; offset: number } {
  const position = total - 1 - index;
  return { chunk: Math.floor(position / chunkSize), offset: position % chunkSize };
}

/** Number of full chunks: the most archive pages there can be (page k is chunk k-1). */
export function archiveCount(total: number, chunkSize: number): number {
  return Math.floor(total / chunkSize);
}
