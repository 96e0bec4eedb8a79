import "client-only";
import type { ErrorBody, ErrorCode } from "@/lib/errors";

/** The server's codes, plus the ones the client raises itself. */
export type ClientErrorCode = ErrorCode | "NOT_JOINED" | "BAD_RESPONSE" | "CONNECT_FAILED" | "TIMEOUT";

/**
 * A failed call to the platform, REST or socket: the server's error code, its message and details, and the
 * HTTP status when it came over REST. The one error class of the browser (pages and the SDK alike).
 */
export class LiveStreamError extends Error {
  override name = "LiveStreamError";
  readonly code: ClientErrorCode;
  readonly details?: unknown;
  readonly status?: number;

  constructor(code: ClientErrorCode, message: string, opts: { details?: unknown; status?: number } = {}) {
    super(message);
    this.code = code;
    this.details = opts.details;
    this.status = opts.status;
  }

  /** Field path → message, from a VALIDATION_ERROR's details. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    if (Array.isArray(this.details)) {
      for (const d of this.details as { path?: unknown; message?: unknown }[]) {
        if (typeof d.path === "string" && d.path && typeof d.message === "string" && !out[d.path]) out[d.path] = d.message;
      }
    }
    return out;
  }
}

/** REST bodies and socket acknowledgements share this envelope. */
export type Envelope<T> = { success: true; data: T } | { success: false; error: ErrorBody };

/** The data of an envelope, or its error thrown as a LiveStreamError. */
export function unwrap<T>(body: Envelope<T> | null | undefined, status?: number): T {
  if (!body || typeof body !== "object" || !("success" in body)) throw new LiveStreamError("BAD_RESPONSE", `Unexpected response${status ? ` (${status})` : ""}`, { status });
  if (!body.success) throw new LiveStreamError(body.error.code, body.error.message, { details: body.error.details, status });
  return body.data;
}

/**
 * Where calls go: the page's origin and session cookie by default, or another server and a bearer token (the
 * SDK). `timeoutMs`: how long one call may wait for its answer (REQUEST_TIMEOUT_MS by default).
 */
export type Transport = { baseUrl?: string; token?: string; timeoutMs?: number };

/**
 * A call unanswered this long fails with TIMEOUT, as a socket call does after 10 s. fetch itself never gives up
 * on a connection that is open but silent (a server stalled on a restarting Redis, a half-dead proxy), and the
 * SDK's chat catch-up, which retries a failed page, would wait on such a call forever.
 */
export const REQUEST_TIMEOUT_MS = 15_000;

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** The one fetch of the browser: JSON in, the `{ success, data }` envelope unwrapped, errors as LiveStreamError. */
export async function request<T>(transport: Transport, method: Method, path: string, json?: unknown): Promise<T> {
  const timeoutMs = transport.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  let res: Response;
  let body: Envelope<T> | null;
  try {
    res = await fetch(`${transport.baseUrl ?? ""}${path}`, {
      method,
      // Cookies go along to another origin too, so the SDK works with a session as well as with a token.
      credentials: "include",
      headers: {
        ...(json !== undefined ? { "Content-Type": "application/json" } : {}),
        ...(transport.token ? { Authorization: `Bearer ${transport.token}` } : {}),
      },
      body: json !== undefined ? JSON.stringify(json) : undefined,
      signal,
    });
    // The body is awaited under the same deadline: a server can stall after its headers too.
    body = (await res.json().catch((err: unknown) => (signal.aborted ? Promise.reject(err) : null))) as Envelope<T> | null;
  } catch (err) {
    if (signal.aborted) throw new LiveStreamError("TIMEOUT", `The server did not answer within ${Math.round(timeoutMs / 1000)} s`);
    throw new LiveStreamError("CONNECT_FAILED", `Could not reach the server (${err instanceof Error ? err.message : String(err)})`);
  }
  return unwrap(body, res.status);
}
