// Content negotiation for the one coding we store: gzip (RFC 9110 §12.5.3).

/**
 * Whether an `Accept-Encoding` value accepts gzip: listed (or `*`) with a q
 * above 0. An absent or empty header means identity only, which every client
 * can read.
 */
export function acceptsGzip(acceptEncoding: string | null | undefined): boolean {
  if (!acceptEncoding) return false;
  let gzip: number | undefined;
  let star: number | undefined;
  for (const part of acceptEncoding.toLowerCase().split(",")) {
    const [coding, ...params] = part.split(";").map((piece) => piece.trim());
    let q = 1;
    for (const param of params) {
      const match = /^q=([01](?:\.\d{0,3})?)$/.exec(param);
      if (match) q = Number(match[1]);
    }
    if (coding === "gzip" || coding === "x-gzip") gzip = Math.max(gzip ?? 0, q);
    else if (coding === "*") star = q;
  }
  return (gzip ?? star ?? 0) > 0;
}
