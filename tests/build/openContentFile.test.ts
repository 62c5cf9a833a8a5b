// openContentFile: the one way the build opens a file the content names. Its checks before the
// open, and on the open handle: a file swapped between the two is never read (the swap is made
// from inside the open, by a stand-in for fs.openSync).

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CONTENT_OPEN_FLAGS, readContentFile, RefusedFile } from "../../src/build/openContentFile";
import { filesLookCold, prefetch } from "../../src/build/prefetchSeeds";
import { tempFolder } from "./seedsFolder";

/** What each test does just before openContentFile's open: the window a swap would use. */
const beforeOpen = vi.hoisted(() => ({ hook: null as (() => void) | null }));
vi.mock("node:fs", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs")>();
  return {
    ...real,
    openSync: (...args: Parameters<typeof real.openSync>) => {
      const hook = beforeOpen.hook;
      beforeOpen.hook = null;
      hook?.();
      return real.openSync(...args);
    },
  };
});
afterEach(() => {
  beforeOpen.hook = null;
});

const SECRET = "SECRET-5be01d";
const LINK = "a symbolic link: the build reads no file through a link (commit the file itself)";

/** A seeds folder with `media/a.jpg`, and a folder outside it holding a secret of the same name. */
function folders(): { seeds: string; outside: string } {
  const seeds = tempFolder();
  const outside = tempFolder();
  fs.mkdirSync(join(seeds, "media"));
  fs.writeFileSync(join(seeds, "media", "a.jpg"), "the photo");
  fs.writeFileSync(join(outside, "a.jpg"), SECRET);
  return { seeds, outside };
}

/** Why `relative` is refused, or what it read. */
function outcome(root: string, relative: string): string {
  try {
    return `read: ${readContentFile(root, relative).toString()}`;
  } catch (error) {
    if (error instanceof RefusedFile) return `refused: ${error.message}`;
    return `failed: ${(error as NodeJS.ErrnoException).code}`;
  }
}

describe("openContentFile", () => {
  it("reads a regular file inside the folder, in a subfolder too", () => {
    const { seeds } = folders();
    fs.mkdirSync(join(seeds, "media", "album"));
    fs.writeFileSync(join(seeds, "media", "album", "b.jpg"), "another photo");
    expect(outcome(seeds, "media/a.jpg")).toBe("read: the photo");
    expect(outcome(seeds, "media/album/b.jpg")).toBe("read: another photo");
    expect(outcome(seeds, "media/nothing.jpg")).toBe("failed: ENOENT");
  });

  it("refuses any path not plainly inside the folder, whatever the spelling", () => {
    const { seeds } = folders();
    for (const path of [
      "",
      "/etc/hostname",
      "media//a.jpg",
      "./media/a.jpg",
      "media/./a.jpg",
      "media/../media/a.jpg",
      "../outside/a.jpg",
      "media\\a.jpg",
      "media/a.jpg\0",
    ]) {
      expect(outcome(seeds, path)).toBe(
        `refused: not a plain path inside the seeds folder (${JSON.stringify(path)})`,
      );
    }
  });

  it("refuses a link to a file, a link on the way, a FIFO, a device and a folder, by what they are", () => {
    const { seeds, outside } = folders();
    fs.symlinkSync(join(outside, "a.jpg"), join(seeds, "media", "link.jpg"));
    fs.symlinkSync("a.jpg", join(seeds, "media", "inside.jpg"));
    fs.symlinkSync(outside, join(seeds, "media", "album"));
    fs.writeFileSync(join(seeds, "plain"), "");
    execFileSync("mkfifo", [join(seeds, "media", "pipe.jpg")]);
    expect(outcome(seeds, "media/link.jpg")).toBe(`refused: ${LINK}`);
    expect(outcome(seeds, "media/inside.jpg")).toBe(`refused: ${LINK}`);
    expect(outcome(seeds, "media/album/a.jpg")).toBe(`refused: inside media/album, ${LINK}`);
    expect(outcome(seeds, "plain/a.jpg")).toBe("refused: inside plain, which is not a folder");
    expect(outcome(seeds, "media/pipe.jpg")).toBe(
      "refused: a FIFO (named pipe): the build reads only regular files",
    );
    expect(outcome("/dev", "null")).toBe("refused: a device file: the build reads only regular files");
    expect(outcome(seeds, "media")).toBe("refused: a folder: the build reads only regular files");
  });

  it("opens with O_NOFOLLOW and O_NONBLOCK: a link fails the open itself, a FIFO does not hold it", () => {
    const { seeds, outside } = folders();
    const link = join(seeds, "media", "link.jpg");
    fs.symlinkSync(join(outside, "a.jpg"), link);
    expect(() => fs.openSync(link, CONTENT_OPEN_FLAGS)).toThrow(expect.objectContaining({ code: "ELOOP" }));
    const pipe = join(seeds, "pipe");
    execFileSync("mkfifo", [pipe]);
    fs.closeSync(fs.openSync(pipe, CONTENT_OPEN_FLAGS));
  });

  it("refuses a file swapped for a link between its check and its open", () => {
    const { seeds, outside } = folders();
    const path = join(seeds, "media", "a.jpg");
    beforeOpen.hook = () => {
      fs.rmSync(path);
      fs.symlinkSync(join(outside, "a.jpg"), path);
    };
    expect(outcome(seeds, "media/a.jpg")).toBe(`refused: ${LINK}`);
  });

  it("refuses a file replaced by another between its check and its open (a new inode)", () => {
    const { seeds, outside } = folders();
    beforeOpen.hook = () => fs.renameSync(join(outside, "a.jpg"), join(seeds, "media", "a.jpg"));
    expect(outcome(seeds, "media/a.jpg")).toBe(
      "refused: a file that changed while it was being opened: the build reads only regular files",
    );
  });

  it("refuses a file whose folder was swapped for a link between its check and its open", () => {
    const { seeds, outside } = folders();
    beforeOpen.hook = () => {
      fs.renameSync(join(seeds, "media"), join(seeds, "media-old"));
      // The same inode as the file checked: only the folder on the way tells the swap.
      fs.renameSync(join(seeds, "media-old", "a.jpg"), join(outside, "a.jpg"));
      fs.symlinkSync(outside, join(seeds, "media"));
    };
    expect(outcome(seeds, "media/a.jpg")).toBe(
      "refused: a file that changed while it was being opened: the build reads only regular files",
    );
  });

  it("refuses a FIFO swapped in between its check and its open, without waiting for a writer", () => {
    const { seeds } = folders();
    const path = join(seeds, "media", "a.jpg");
    beforeOpen.hook = () => {
      fs.rmSync(path);
      execFileSync("mkfifo", [path]);
    };
    expect(outcome(seeds, "media/a.jpg")).toBe(
      "refused: a file that changed while it was being opened: the build reads only regular files",
    );
  });
});

describe("the read-ahead of seeds", () => {
  it("opens no link and waits on no FIFO: links to /dev/zero and a FIFO end at once", async () => {
    const dir = tempFolder();
    const paths = [join(dir, "001_zero.txt"), join(dir, "002_pipe.txt"), join(dir, "003_real.txt")];
    fs.symlinkSync("/dev/zero", paths[0]!);
    execFileSync("mkfifo", [paths[1]!]);
    fs.writeFileSync(paths[2]!, "Headline\n\nBody.\n");
    filesLookCold(paths.length, (i) => paths[i]!);
    const ahead = prefetch(
      paths.length,
      (i) => paths[i]!,
      () => 0,
    );
    await ahead.done;
  });
});
