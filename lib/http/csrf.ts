import "server-only";
import { AppError } from "@/lib/errors";
import { hasSessionCookie } from "@/lib/accounts/authenticate";

/** The methods that change something; the others must not, so another site may call them freely. */
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Refuses a write made with the browser's session cookie from another site. The cookie goes along with any
 * request the browser sends, so the request must also show where it comes from: an Origin among the app's
 * own (`allowedOrigins`: PUBLIC_URL's and SOCKET_ALLOWED_ORIGINS), or `Sec-Fetch-Site: same-origin`, which
 * the browser sets and pages cannot forge. A bearer token is sent only by code that holds it, so requests
 * with an Authorization header are not ambient and pass; so do requests without a session cookie.
 */
export function assertSameOriginWrite(req: { method: string; headers: { get(name: string): string | null } }, allowedOrigins: readonly string[]): void {
  if (!UNSAFE.has(req.method.toUpperCase())) return;
  if (req.headers.get("authorization")) return;
  if (!hasSessionCookie(req.headers.get("cookie"))) return;
  if (req.headers.get("sec-fetch-site") === "same-origin") return;
  const origin = req.headers.get("origin");
  if (origin && allowedOrigins.includes(origin)) return;
  throw new AppError("CSRF_REJECTED", "Cross-site request refused: a write with the session cookie must come from this site (Origin), or use a bearer token");
}
