import type { IncomingMessage, ServerResponse } from "node:http";
import { config } from "@/lib/config";
import { issueViewerKey, viewerIdOf } from "@/lib/accounts/viewer-key";

/** The browser's anonymous viewer key (lib/accounts/viewer-key.ts), sent with pages, API calls and the socket handshake. */
export const VIEWER_COOKIE = "streamhub-viewer";

const YEAR_SECONDS = 365 * 24 * 3600;
const TOKEN_PATH = /^\/api\/livestream\/[^/]+\/token\/?$/;

function cookieValue(header: string | null | undefined, name: string): string | null {
  for (const part of header?.split(";") ?? []) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return null;
}

/** The viewer id carried by a request's (or a handshake's) cookie header, when the server signed it. */
export function viewerIdFromCookie(header: string | null | undefined): string | null {
  return viewerIdOf(cookieValue(header, VIEWER_COOKIE));
}

/**
 * Gives a browser its viewer key when it has none (or a bad one): on page loads and on media token requests,
 * the two places an anonymous viewer is identified first. The key is also written into the request's own
 * cookie header, so the page rendered for this very request (its media token) already uses it. Requests
 * with a bearer token are API clients acting for a user and need none; assets never carry it.
 */
export function ensureViewerCookie(req: IncomingMessage, res: ServerResponse): void {
  if (req.headers.authorization) return;
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  const page = req.method === "GET" && !path.startsWith("/_next/") && !path.startsWith("/api/") && (req.headers.accept ?? "").includes("text/html");
  if (!page && !(req.method === "POST" && TOKEN_PATH.test(path))) return;
  if (viewerIdFromCookie(req.headers.cookie)) return;
  const key = issueViewerKey();
  const secure = config().publicUrl.startsWith("https:") ? "; Secure" : "";
  res.appendHeader("Set-Cookie", `${VIEWER_COOKIE}=${key}; Path=/; Max-Age=${YEAR_SECONDS}; HttpOnly; SameSite=Lax${secure}`);
  const others = (req.headers.cookie ?? "").split(";").filter((c) => c.trim() && c.split("=")[0]?.trim() !== VIEWER_COOKIE);
  req.headers.cookie = [...others.map((c) => c.trim()), `${VIEWER_COOKIE}=${key}`].join("; ");
}
