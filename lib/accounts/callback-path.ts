/** Pure, with no zod: the login form (browser code) uses it too, and zod in a page trips its CSP (eval probe). */
const CALLBACK_BASE = "http://streamhub.invalid";

/**
 * Where to send someone after they log in: a path on this site, or "/". Resolved the way a browser resolves
 * it (tabs and newlines dropped, `\\` read as `/`), so `//evil.tld`, `/\\evil.tld`, `https://evil.tld` and
 * `javascript:` never leave the site. An absolute URL counts only when its origin is `origin` (next-auth
 * hands its redirect callback full URLs of its own base).
 */
export function safeCallbackPath(raw: string | null | undefined, origin?: string): string {
  if (!raw) return "/";
  const sameOrigin = origin !== undefined && raw.startsWith(`${origin}/`);
  if (!raw.startsWith("/") && !sameOrigin) return "/";
  let url: URL;
  try {
    url = new URL(sameOrigin ? raw.slice(origin.length) : raw, CALLBACK_BASE);
  } catch {
    return "/";
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  // The resolved path itself must not read as protocol-relative (`/.//evil.tld` resolves to `//evil.tld`).
  if (url.origin !== CALLBACK_BASE || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return "/";
  return path;
}
