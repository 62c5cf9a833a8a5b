// Opens the files the content names (seeds, photos of seeds/media/ or MEDIA_DIR, anything a seed
// comes to refer to) for the build to read: only regular files inside their folder, never through a
// symbolic link. Stories arrive as pull requests, git stores links, and a link followed would
// publish any file of the build machine (Jekyll's safe mode and Hugo refuse links for this reason).

import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readFileSync,
  type Dirent,
  type Stats,
} from "node:fs";
import { join } from "node:path";

/**
 * The flags of every open of a content file: read only; O_NOFOLLOW, so a link
 * put in place of the file once it was checked fails the open (ELOOP) instead
 * of being followed; O_NONBLOCK, so a FIFO put there cannot hold the open
 * waiting for a writer (open(2); both have no effect on a regular file's reads).
 * Where the platform lacks them (Windows), the checks on the handle remain.
 */
export const CONTENT_OPEN_FLAGS =
  constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** A content file the build will not read; the message says why, never what the file holds. */
export class RefusedFile extends Error {
  override readonly name = "RefusedFile";
}

const LINK = "a symbolic link: the build reads no file through a link (commit the file itself)";

/**
 * Why an entry that is not a regular file is refused (`a symbolic link: …`),
 * from its lstat or its folder listing (neither follows a link).
 */
export function notRegularFile(entry: Stats | Dirent): string {
  if (entry.isSymbolicLink()) return LINK;
  const kind = entry.isDirectory()
    ? "a folder"
    : entry.isFIFO()
      ? "a FIFO (named pipe)"
      : entry.isCharacterDevice() || entry.isBlockDevice()
        ? "a device file"
        : entry.isSocket()
          ? "a socket"
          : "not a regular file";
  return `${kind}: the build reads only regular files`;
}

/**
 * A file descriptor open for reading on `relative` (`/`-separated, inside
 * `root`: `001_x.txt`, `media/a.jpg`), to close after use. Throws RefusedFile
 * for a path that is not plainly inside `root` (an empty, `.` or `..` part, a
 * backslash, a NUL), for a folder on the way that is not a folder (a link to
 * one included), and for anything but a regular file; other failures (ENOENT,
 * EACCES) as fs throws them. `root` itself is trusted: the caller chose it.
 *
 * Each part is checked with lstat before the open, and again after it: the
 * open handle must be a regular file with the device and inode lstat saw, and
 * the folders on the way still the same ones, so nothing swapped in between
 * the check and the open is read.
 */
export function openContentFile(root: string, relative: string): number {
  const parts = relative.split("/");
  if (parts.some((part) => part === "" || part === "." || part === ".." || /[\\\0]/.test(part))) {
    throw new RefusedFile(`not a plain path inside the seeds folder (${JSON.stringify(relative)})`);
  }
  const folders = parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join("/"));
  const seen = folders.map((folder) => {
    const stats = lstatSync(join(root, folder));
    if (stats.isSymbolicLink()) throw new RefusedFile(`inside ${folder}, ${LINK}`);
    if (!stats.isDirectory()) throw new RefusedFile(`inside ${folder}, which is not a folder`);
    return stats;
  });
  const path = join(root, relative);
  const before = lstatSync(path);
  if (!before.isFile()) throw new RefusedFile(notRegularFile(before));
  let fd: number;
  try {
    fd = openSync(path, CONTENT_OPEN_FLAGS);
  } catch (error) {
    // ELOOP (Linux, macOS) or EMLINK (FreeBSD): O_NOFOLLOW met a link put there since the lstat.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ELOOP" || code === "EMLINK") throw new RefusedFile(LINK);
    throw error;
  }
  try {
    const after = fstatSync(fd);
    const moved = folders.some((folder, i) => !sameFile(lstatSync(join(root, folder)), seen[i]!));
    if (!after.isFile() || !sameFile(after, before) || moved) {
      throw new RefusedFile(
        "a file that changed while it was being opened: the build reads only regular files",
      );
    }
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return fd;
}

/** The whole of `relative` inside `root`, read through openContentFile (its refusals thrown). */
export function readContentFile(root: string, relative: string): Buffer {
  const fd = openContentFile(root, relative);
  try {
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Whether two stats are of one file (a link made in its place is a new inode). */
function sameFile(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}
