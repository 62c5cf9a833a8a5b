// Builds a file of JSON lines (see core/jsonLines.ts) line by line in one buffer kept from file to
// file (a build worker keeps one for all its chunks): each story's JSON is made in scratch memory
// and copied here (a fresh buffer per story took a quarter of the time making its JSON took: memory
// touched for the first time).

import { offsetsLine } from "../core/jsonLines";

/** A file of JSON lines as joinJsonLines makes it, from lines added one by one. */
export class JsonLinesBuilder {
  private body = new Uint8Array(1 << 16);
  private length = 0;
  private starts = [0];

  /** How many lines were added since the last file. */
  get count(): number {
    return this.starts.length - 1;
  }

  /** Adds a line: the UTF-8 bytes of a JSON value (without a line break), copied. */
  add(line: Uint8Array): void {
    const end = this.length + line.length + 1;
    if (end > this.body.length) {
      const grown = new Uint8Array(Math.max(end, 2 * this.body.length));
      grown.set(this.body.subarray(0, this.length));
      this.body = grown;
    }
    this.body.set(line, this.length);
    this.body[end - 1] = 0x0a;
    this.length = end;
    this.starts.push(end);
  }

  /** Drops the lines added since the last file (a file left unfinished). */
  clear(): void {
    this.length = 0;
    this.starts = [0];
  }

  /** joinJsonLines of the lines added, in a buffer of its own; starts the next file. */
  file(): Uint8Array<ArrayBuffer> {
    const header = offsetsLine(this.starts);
    const file = new Uint8Array(header.length + this.length);
    file.set(header);
    file.set(this.body.subarray(0, this.length), header.length);
    this.clear();
    return file;
  }
}
