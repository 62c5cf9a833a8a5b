// Where the photos seeds name (`media/<path>`) are read from: the seeds folder's media/, or the
// operator's MEDIA_DIR, a folder outside the repository for archives too large for git. One
// function maps a reference to its file, and reads it with openContentFile's safety in either.

import { readContentFile, RefusedFile } from "./openContentFile";

/** How every photo reference starts (parseMarkdown and frontMatter accept no other). */
const MEDIA = "media/";

/** A folder of photos: see photosInSeeds and photosIn. */
export interface PhotoFolder {
  /** The root openContentFile reads under; trusted (the caller chose it). */
  readonly root: string;
  /** What replaces `media/` of a reference, inside root. */
  readonly prefix: string;
  /** How messages name the folder a missing photo belongs in (`seeds/media/`). */
  readonly label: string;
}

/**
 * The photos in `seedsDir`'s media/: read with the seeds folder as root, so
 * media/ itself is checked too (a link in its place is refused).
 */
export function photosInSeeds(seedsDir: string, label: string): PhotoFolder {
  return { root: seedsDir, prefix: MEDIA, label: `${label}/${MEDIA}` };
}

/** The photos in `dir` (MEDIA_DIR, resolved by the caller): `media/a.jpg` is `<dir>/a.jpg`. */
export function photosIn(dir: string, label: string): PhotoFolder {
  return { root: dir, prefix: "", label };
}

/** The whole of the photo `src` (`media/…`) names, through openContentFile (its refusals thrown). */
export function readPhoto(photos: PhotoFolder, src: string): Buffer {
  if (!src.startsWith(MEDIA)) throw new RefusedFile(`not a path inside ${MEDIA}`);
  return readContentFile(photos.root, photos.prefix + src.slice(MEDIA.length));
}
