// Types the workerd test pool exposes: the entry module's exports and the [vars] of wrangler.toml.

declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import("../src/worker/index");
  }
  interface Env {
    SITE_URL: string;
    MEDIA: R2Bucket;
  }
}
