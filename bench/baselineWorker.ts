// Source of the baseline Worker: the same status, headers and bytes as ours, from constants.

/** A captured response of our Worker. */
export interface CapturedResponse {
  readonly status: number;
  readonly headers: [string, string][];
  readonly body: Uint8Array;
}

/**
 * A module Worker answering each captured route (keyed by path and query, plus `#304`
 * when If-None-Match is sent) with its bytes, decoded once at startup and
 * served with encodeBody "manual" exactly as ours are.
 */
export function baselineWorkerSource(responses: Map<string, CapturedResponse>): string {
  const table = Object.fromEntries(
    [...responses].map(([key, r]) => [
      key,
      { status: r.status, headers: r.headers, body: Buffer.from(r.body).toString("base64") },
    ]),
  );
  return `
const TABLE = ${JSON.stringify(table)};
const ROUTES = new Map(Object.entries(TABLE).map(([key, r]) => {
  const binary = atob(r.body);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return [key, { status: r.status, headers: r.headers, bytes }];
}));
export default {
  fetch(request) {
    const url = new URL(request.url);
    const path = url.pathname + url.search;
    const route = ROUTES.get(request.headers.has("if-none-match") ? path + "#304" : path);
    if (!route) return new Response("no such route", { status: 500 });
    return new Response(route.status === 304 ? null : route.bytes, {
      status: route.status,
      headers: route.headers,
      encodeBody: "manual",
    });
  },
};
`;
}
