/**
 * The headers of every page: a Content-Security-Policy whose scripts must carry this response's nonce, and
 * HSTS when the app is served over https. Headers that never vary (nosniff, Referrer-Policy,
 * Permissions-Policy) are in next.config.mjs, for API replies too. Pure, so proxy.ts and tests share it.
 */
export type PageSecurityOptions = {
  nonce: string;
  /** Development: React's dev build evaluates code and Next's dev server injects styles without a nonce. */
  dev: boolean;
  publicUrl: string;
  /** The LiveKit URL browsers connect to (LIVEKIT_PUBLIC_URL). */
  livekitUrl: string;
};

/** LiveKit is reached over WebSocket for signalling and over HTTP for its REST calls: both of its origins. */
function livekitSources(url: string): string[] {
  const u = new URL(url);
  const secure = u.protocol === "wss:" || u.protocol === "https:";
  return [`${secure ? "wss" : "ws"}://${u.host}`, `${secure ? "https" : "http"}://${u.host}`];
}

export function contentSecurityPolicy(o: PageSecurityOptions): string {
  const https = o.publicUrl.startsWith("https:");
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    // 'strict-dynamic': Next's runtime, carrying the nonce, loads the page's chunks; nothing else runs.
    ["script-src", "'self'", `'nonce-${o.nonce}'`, "'strict-dynamic'", ...(o.dev ? ["'unsafe-eval'"] : [])],
    ["style-src", "'self'", o.dev ? "'unsafe-inline'" : `'nonce-${o.nonce}'`],
    // React renders a few style attributes (positions, display): attributes cannot run code.
    ["style-src-attr", "'unsafe-inline'"],
    // Thumbnails are any http(s) URL a creator gives; on an https site the browser upgrades http images itself.
    ["img-src", "'self'", "data:", "blob:", "https:", ...(https ? [] : ["http:"])],
    ["font-src", "'self'", "data:"],
    ["media-src", "'self'", "blob:"],
    ["connect-src", "'self'", ...livekitSources(o.livekitUrl)],
    ["worker-src", "'self'", "blob:"],
    ["frame-ancestors", "'none'"],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'"],
    ...(https ? [["upgrade-insecure-requests"] as [string]] : []),
  ];
  return directives.map((d) => d.join(" ")).join("; ");
}

export function pageSecurityHeaders(o: PageSecurityOptions): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(o),
    ...(o.publicUrl.startsWith("https:") ? { "Strict-Transport-Security": "max-age=31536000" } : {}),
  };
}

/** A fresh, unguessable nonce for one response (128 random bits, base64). */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}
