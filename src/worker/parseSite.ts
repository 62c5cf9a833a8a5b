// Reads and checks the site settings from the Worker's environment ([vars] in wrangler.toml).

import type { Site } from "../core/types";

/** The `[vars]` the Worker expects. */
export interface SiteVars {
  SITE_TITLE?: string;
  SITE_DESCRIPTION?: string;
  SITE_URL?: string;
  SITE_LANGUAGE?: string;
  SITE_AUTHOR?: string;
  FEED_ID?: string;
  /** How many stories the subscription feeds carry (default 50). */
  FEED_SIZE?: string;
  /** "true" to preview drafts and scheduled stories (wrangler dev); anything else hides them. */
  SHOW_DRAFTS?: string;
  /** A WebSub hub's URL, advertised by every feed; empty for none. */
  HUB_URL?: string;
}

// BCP 47 in the shape feeds accept (RSS `language`, xml:lang): `en`, `en-GB`, `pt-BR`, `zh-Hant`.
const LANGUAGE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

/** The settings, or every problem with them (each names the variable to fix). */
export function parseSite(vars: SiteVars): { site: Site } | { problems: string[] } {
  const problems: string[] = [];
  const text = (name: keyof SiteVars): string => {
    const value = vars[name]?.trim() ?? "";
    if (value === "") problems.push(`${name} is not set`);
    return value;
  };
  const title = text("SITE_TITLE");
  const description = text("SITE_DESCRIPTION");
  const author = text("SITE_AUTHOR");
  const language = text("SITE_LANGUAGE");
  if (language && !LANGUAGE.test(language))
    problems.push(`SITE_LANGUAGE ${JSON.stringify(language)} is not a language tag such as en or en-GB`);
  const rawUrl = text("SITE_URL");
  let baseUrl = "";
  if (rawUrl) {
    let url: URL | null = null;
    try {
      url = new URL(rawUrl);
    } catch {
      // reported below
    }
    if (
      !url ||
      (url.protocol !== "https:" && url.protocol !== "http:") ||
      url.search ||
      url.hash ||
      url.username
    ) {
      problems.push(
        `SITE_URL ${JSON.stringify(rawUrl)} must be an absolute http(s) URL such as https://news.example.com`,
      );
    } else {
      baseUrl = url.href.replace(/\/+$/, "");
    }
  }
  const feedId = text("FEED_ID");
  if (feedId && !/^[a-z][a-z0-9+.-]*:\S+$/i.test(feedId))
    problems.push(`FEED_ID ${JSON.stringify(feedId)} must be an absolute IRI such as urn:uuid:…`);
  const hubText = vars.HUB_URL?.trim() ?? "";
  let hubUrl: string | null = null;
  if (hubText) {
    try {
      const hub = new URL(hubText);
      if (hub.protocol === "https:" || hub.protocol === "http:") hubUrl = hub.href;
    } catch {
      // reported below
    }
    if (hubUrl === null)
      problems.push(`HUB_URL ${JSON.stringify(hubText)} must be an absolute http(s) URL, or empty`);
  }
  const feedSizeText = vars.FEED_SIZE?.trim() || "50";
  const feedSize = /^\d{1,4}$/.test(feedSizeText) ? Number(feedSizeText) : 0;
  if (feedSize < 1 || feedSize > 1000) {
    problems.push(`FEED_SIZE ${JSON.stringify(feedSizeText)} must be a whole number from 1 to 1000`);
  }
  return problems.length > 0
    ? { problems }
    : {
        site: {
          title,
          description,
          author,
          language,
          baseUrl,
          feedId,
          feedSize,
          showDrafts: vars.SHOW_DRAFTS === "true",
          hubUrl,
        },
      };
}
