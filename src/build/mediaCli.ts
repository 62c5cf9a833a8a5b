// `npm run media -- <local | upload | prune>`: the build's media folder (dist/media/) into an R2
// bucket, through wrangler's binding proxy (the same R2 API the Worker reads with).
//   local   into the local emulation (.wrangler/state, offline), what `wrangler dev` and the browser
//           tests serve; run by wrangler.toml's build command after each build
//   upload  into the production bucket (needs `wrangler login` or CLOUDFLARE_API_TOKEN), before
//           `wrangler deploy`, so no page goes live linking a photo not there yet; --verify looks
//           up every object, trusting no record (a repair, after objects were deleted by hand)
//   prune   deletes what no recent upload references, older than --grace-days (default 30);
//           --dry-run counts only; --local prunes the local emulation instead
// See mediaSync.ts for what each does, and the README (Photos) for what they cost.

import { dirname, join, resolve } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { getPlatformProxy } from "wrangler";
import { pruneMedia, uploadMedia, type Bucket } from "./mediaSync";
import { progress } from "./progress";

const root = resolve(import.meta.dirname, "../..");
// Where the build put it: beside its assets folder (dist/media/).
const dir = join(dirname(resolve(process.env.ASSETS_DIR ?? resolve(root, "dist/assets"))), "media");
const DAY_MS = 86_400_000;
const USAGE =
  "usage: npm run media -- local | upload [--verify] | prune [--grace-days N] [--dry-run] [--local]";

try {
  // Node's own parser: unknown options and stray words are refused (strict).
  const { values, positionals } = parseArgsOr(USAGE, {
    allowPositionals: true,
    options: {
      "grace-days": { type: "string", default: "30" },
      "dry-run": { type: "boolean", default: false },
      local: { type: "boolean", default: false },
      verify: { type: "boolean", default: false },
    },
  });
  const [command, ...extra] = positionals;
  if ((command !== "local" && command !== "upload" && command !== "prune") || extra.length > 0)
    throw new Error(USAGE);
  const local = command === "local" || values.local;
  const graceDays = Number(values["grace-days"]);
  if (!Number.isInteger(graceDays) || graceDays < 1)
    throw new Error("--grace-days takes a whole number of days, 1 or more");
  // Local: the default persistence, the folder `wrangler dev` reads. Production: its binding is
  // marked `remote` in wrangler.toml, so the proxy reaches the real bucket.
  const proxy = await getPlatformProxy<{ MEDIA: Bucket }>(
    local
      ? { configPath: resolve(root, "wrangler.toml") }
      : { configPath: resolve(root, "wrangler.toml"), environment: "production" },
  );
  try {
    const where = local ? "the local bucket" : "the production bucket";
    if (command === "prune") {
      const pruned = await pruneMedia(proxy.env.MEDIA, {
        graceMs: graceDays * DAY_MS,
        dryRun: values["dry-run"],
      });
      console.error(
        `media: ${where} holds ${pruned.objects} object(s); ${values["dry-run"] ? "would delete" : "deleted"} ${pruned.deleted} no upload of the last ${graceDays} day(s) or the last 3 references, and ${pruned.records} old record(s)`,
      );
    } else {
      const shown = progress(`media: loading ${where}`);
      const done = await uploadMedia(proxy.env.MEDIA, dir, {
        verify: values.verify,
        onProgress: shown.update,
      });
      shown.done();
      console.error(
        `media: ${done.objects} object(s) in ${where}: ${done.uploaded} uploaded (${done.uploadedBytes} bytes), ${done.present} already there, ${done.recorded} known from the last upload`,
      );
    }
  } finally {
    await proxy.dispose();
  }
} catch (error) {
  // One clear line, no stack trace.
  console.error(`media failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

/** `parseArgs` of the command line, its refusal followed by `usage`. */
function parseArgsOr<T extends ParseArgsConfig>(usage: string, config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}; ${usage}`);
  }
}
