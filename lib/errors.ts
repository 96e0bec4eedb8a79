import { ZodError } from "zod";
import { isDuplicateKey } from "@/lib/db/writes";

/** Every error code the API returns, with its HTTP status. */
export const ERROR_STATUS = {
  VALIDATION_ERROR: 400,
  INVALID_JSON: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  INVALID_TOKEN: 401,
  AUTH_TIMEOUT: 401,
  FORBIDDEN: 403,
  /** A cookie-authenticated write came from another site (no allowed Origin, no `Sec-Fetch-Site: same-origin`). */
  CSRF_REJECTED: 403,
  INVALID_SIGNATURE: 401,
  /**
   * A Stripe webhook whose Stripe-Signature does not match the raw body, or is older than Stripe's tolerance
   * (300 s): 400, as Stripe's own libraries answer (LiveKit's webhooks keep 401 INVALID_SIGNATURE).
   */
  INVALID_WEBHOOK_SIGNATURE: 400,
  STREAM_ENDED: 403,
  BANNED: 403,
  FOLLOWERS_ONLY: 403,
  SUBSCRIBERS_ONLY: 403,
  TICKET_REQUIRED: 403,
  /** A moderator timed the user out of the channel's chat; `details.until` says when it ends. */
  TIMED_OUT: 403,
  /** The channel's chat is in emote-only mode. */
  EMOTE_ONLY: 403,
  /** The account's email address is not confirmed yet: going live (and later, receiving money) waits for it. */
  EMAIL_NOT_VERIFIED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  /** The creator cannot receive money yet: email address unconfirmed, or (with Stripe Connect) payouts not set up. */
  PAYOUTS_NOT_READY: 409,
  USERNAME_TAKEN: 409,
  EMAIL_TAKEN: 409,
  INVALID_TRANSITION: 409,
  ALREADY_LIVE: 409,
  STREAM_ON_AIR: 409,
  STREAM_NOT_LIVE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** A byte range outside the file (media served with HTTP range requests). */
  RANGE_NOT_SATISFIABLE: 416,
  UNPROCESSABLE: 422,
  /** Auto-moderation refused a message (chat, later tip messages): a blocked term, a link, caps, an emoji flood, a repeat. */
  BLOCKED_TERM: 422,
  LINKS_BLOCKED: 422,
  EXCESSIVE_CAPS: 422,
  EMOJI_FLOOD: 422,
  REPEATED_MESSAGE: 422,
  /** A WHIP PATCH without `If-Match` (RFC 9725: the ICE session's ETag, or `*` for an ICE restart). */
  PRECONDITION_REQUIRED: 428,
  RATE_LIMITED: 429,
  TOO_MANY_STREAMS: 429,
  TOO_MANY_CONNECTIONS: 429,
  /** Slow mode: `details.retryAfterSeconds` says when the next message may go. */
  SLOW_MODE: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
  /** The SFU (LiveKit) cannot be reached or is restarting: clients show "media server unavailable" and retry. */
  MEDIA_SERVER_UNAVAILABLE: 503,
  /** The server has no Stripe keys: money features are off (GET /api/payments/config says so). */
  PAYMENTS_NOT_CONFIGURED: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type ErrorBody = { code: ErrorCode; message: string; details?: unknown };

export class AppError extends Error {
  override name = "AppError";
  readonly code: ErrorCode;
  readonly details?: unknown;
  readonly headers?: Record<string, string>;

  constructor(code: ErrorCode, message: string, opts: { details?: unknown; headers?: Record<string, string> } = {}) {
    super(message);
    this.code = code;
    this.details = opts.details;
    this.headers = opts.headers;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function zodDetails(error: ZodError) {
  return error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message, code: i.code }));
}

type AppErrorLike = { name: "AppError"; code: ErrorCode; message: string; details?: unknown; headers?: Record<string, string> };

// server.ts (tsx) and Next's bundles each load their own copy of this module, and objects shared through
// globalThis (limiter, caches) may throw the other copy's classes: recognise errors by shape, not identity.
function isAppErrorLike(err: unknown): err is AppErrorLike {
  const e = err as Partial<AppErrorLike> | null;
  return typeof e === "object" && e !== null && e.name === "AppError" && typeof e.code === "string" && e.code in ERROR_STATUS;
}

function isZodErrorLike(err: unknown): err is ZodError {
  return err instanceof ZodError || (typeof err === "object" && err !== null && (err as { name?: string }).name === "ZodError" && Array.isArray((err as { issues?: unknown }).issues));
}

/** Turns anything thrown into an AppError; unknown errors become INTERNAL with no internal message. */
export function toAppError(err: unknown, requestId?: string): AppError {
  if (err instanceof AppError) return err;
  if (isAppErrorLike(err)) return new AppError(err.code, err.message, { details: err.details, headers: err.headers });
  if (isZodErrorLike(err)) return new AppError("VALIDATION_ERROR", "Invalid input", { details: zodDetails(err) });
  if (isDuplicateKey(err)) return new AppError("CONFLICT", "A record with these values already exists");
  // Stripe unreachable, or failing on its side: a passing outage of the payment provider, not a bug here.
  const stripeType = (err as { type?: unknown } | null)?.type;
  if (stripeType === "StripeConnectionError" || stripeType === "StripeAPIError" || stripeType === "StripeRateLimitError") {
    return new AppError("SERVICE_UNAVAILABLE", "The payment provider is unavailable; try again shortly");
  }
  const name = (err as { name?: string } | null)?.name;
  if (name === "CastError") return new AppError("VALIDATION_ERROR", "Invalid identifier");
  if (name === "ValidationError") return new AppError("UNPROCESSABLE", "The record is not valid");
  return new AppError("INTERNAL", requestId ? `Internal error (request ${requestId})` : "Internal error", {
    details: requestId ? { requestId } : undefined,
  });
}

export function errorBody(err: AppError): { success: false; error: ErrorBody } {
  const error: ErrorBody = { code: err.code, message: err.message };
  if (err.details !== undefined) error.details = err.details;
  return { success: false, error };
}

/** Socket.IO acknowledgements carry the same shape as REST bodies. */
export function toSocketAck(err: unknown) {
  return errorBody(toAppError(err));
}
