import "server-only";
import { randomUUID } from "node:crypto";
import { errorBody, toAppError, AppError } from "@/lib/errors";
import { log } from "@/lib/logger";
import { json } from "@/lib/http/route";
import { readBodyText } from "@/lib/http/body";

/**
 * The WHIP endpoint's HTTP shape (RFC 9725), shared by the session-creating and the session routes. Its
 * bodies are SDP, not JSON, so it does not go through route(); errors still use the API's envelope.
 *
 * CORS is open (`*`): browsers may run WHIP clients from any page. That is safe because the credential is
 * the bearer key the caller must hold, never a cookie (no `Allow-Credentials`), which is also why the
 * session cookie's CSRF check does not apply here.
 */
export const WHIP_MAX_SDP_BYTES = 64 * 1024;

export const CORS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "POST, PATCH, DELETE, OPTIONS",
  "Access-Control-Allow-Headers": "Authorization, Content-Type, If-Match",
  "Access-Control-Expose-Headers": "Location, ETag, Link, Accept-Post, Accept-Patch, WWW-Authenticate",
  "Access-Control-Max-Age": "600",
};

const NO_STORE = { "Cache-Control": "no-store" };

/** Whether a Content-Type's media type (before any parameter) is `expected`. */
export function hasMediaType(req: Request, expected: string): boolean {
  return (req.headers.get("content-type") ?? "").split(";", 1)[0]?.trim().toLowerCase() === expected;
}

/** The body as text, bounded; a wrong media type is 415 (after the key check, so a bad key is always 401). */
export async function sdpBody(req: Request, mediaType: string): Promise<string> {
  if (!hasMediaType(req, mediaType)) throw new AppError("UNSUPPORTED_MEDIA_TYPE", `Send the body as ${mediaType}`);
  return readBodyText(req, WHIP_MAX_SDP_BYTES);
}

/** An error in the API's envelope; 401 says how to authenticate, as RFC 9725 (and RFC 6750) ask. */
export function whipError(err: unknown, method: string): Response {
  const requestId = randomUUID();
  const e = toAppError(err, requestId);
  if (e.status >= 500) log.error("whip request failed", { requestId, method, err: err instanceof Error ? err.stack : String(err) });
  const auth: Record<string, string> = e.status === 401 ? { "WWW-Authenticate": 'Bearer realm="streamhub-whip", error="invalid_token"' } : {};
  return json(errorBody(e), e.status, { ...CORS, ...NO_STORE, "X-Request-Id": requestId, ...auth, ...e.headers });
}

/** A success reply: SDP (or nothing) with the given headers. */
export function whipReply(status: number, body: string | null, headers: Record<string, string> | [string, string][]): Response {
  const h = new Headers(headers);
  for (const [k, v] of Object.entries({ ...CORS, ...NO_STORE })) h.set(k, v);
  return new Response(body, { status, headers: h });
}
