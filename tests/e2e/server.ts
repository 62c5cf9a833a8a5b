// vitest globalSetup for the browser suite: serves the shipped seed plus two e2e stories with
// `wrangler dev` on 127.0.0.1 (offline), exactly as `npm start` does, on its own port.

import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const PORT = 8799;
export const BASE = `http://127.0.0.1:${PORT}`;

let server: ChildProcess | undefined;
let seeds: string | undefined;

export async function setup(): Promise<void> {
  seeds = mkdtempSync(join(tmpdir(), "e2e-seeds-"));
  cpSync("seeds", seeds, { recursive: true });
  cpSync(join("tests", "fixtures", "e2e-seeds"), seeds, { recursive: true });
  server = spawn(
    join("node_modules", ".bin", "wrangler"),
    ["dev", "--ip", "127.0.0.1", "--port", String(PORT), "--var", `SITE_URL:${BASE}`],
    {
      env: {
        ...process.env,
        SEEDS_DIR: seeds,
        WRANGLER_SEND_METRICS: "false",
        CLOUDFLARE_CF_FETCH_ENABLED: "false",
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    },
  );
  let log = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`wrangler dev did not start:\n${log}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      if (log.includes("Ready on")) {
        clearTimeout(timer);
        resolve();
      }
    };
    server!.stdout!.on("data", onData);
    server!.stderr!.on("data", onData);
    server!.on("exit", (code) => reject(new Error(`wrangler dev exited with ${code}:\n${log}`)));
  });
}

export async function teardown(): Promise<void> {
  if (server?.pid) process.kill(-server.pid, "SIGTERM");
  if (seeds) rmSync(seeds, { recursive: true, force: true });
}
