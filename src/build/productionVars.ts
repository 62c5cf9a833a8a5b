// Reads the production site settings (`[env.production.vars]` in wrangler.toml) for Node commands.

import { readFileSync } from "node:fs";

/** The string values under `[env.production.vars]`; an environment variable of the same name wins. */
export function productionVars(wranglerToml: string): Record<string, string> {
  const vars: Record<string, string> = {};
  let text = "";
  try {
    text = readFileSync(wranglerToml, "utf8");
  } catch {
    // no config: environment variables only
  }
  const start = text.indexOf("[env.production.vars]");
  if (start !== -1) {
    for (const line of text.slice(start).split("\n").slice(1)) {
      if (/^\s*\[/.test(line)) break;
      const match = /^\s*([A-Z_][A-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"/.exec(line);
      if (match) vars[match[1]!] = JSON.parse(`"${match[2]}"`) as string;
    }
  }
  for (const key of Object.keys(vars)) vars[key] = process.env[key] ?? vars[key]!;
  for (const key of ["SITE_URL", "HUB_URL"])
    if (process.env[key] !== undefined) vars[key] = process.env[key]!;
  return vars;
}
