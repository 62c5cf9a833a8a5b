// A progress line for long runs, on a terminal only (logs and CI stay clean).

/** A reporter that redraws `label done/total` on stderr once the run has taken a second. */
export function progress(label: string): { update: (done: number, total: number) => void; done: () => void } {
  const started = Date.now();
  let shown = false;
  return {
    update(done, total) {
      if (!process.stderr.isTTY || Date.now() - started < 1000) return;
      shown = true;
      process.stderr.write(`\r${label} ${done}/${total}`);
    },
    done() {
      if (shown) process.stderr.write("\r\x1b[K");
    },
  };
}
