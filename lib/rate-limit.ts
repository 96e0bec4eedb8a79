import { AppError } from "@/lib/errors";
import { processSingleton } from "@/lib/singleton";

type Window = { count: number; resetAt: number };

/** How often a full store may scan itself for windows that are over: the scan is linear in its size. */
const PURGE_EVERY_MS = 1000;

export function rateLimited(wait: number, message: string): AppError {
  return new AppError("RATE_LIMITED", message, { details: { retryAfter: wait }, headers: { "Retry-After": String(wait) } });
}

/**
 * Fixed-window counters in process memory, bounded in size. A full store drops the windows that are over
 * and, if it is still full, refuses a NEW key (it counts as over its limit) rather than evicting a live
 * window: evicting would hand whoever floods the store with fresh keys a reset of someone else's counter
 * (a login lockout, say). Synchronous and without I/O, for the chat hot path and the socket flood guard;
 * limits that must hold across app processes use lib/realtime/shared-limit.ts, which falls back on this.
 */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private nextPurge = 0;

  constructor(private readonly maxKeys = 100_000) {}

  get size(): number {
    return this.windows.size;
  }

  /** Counts one hit; returns the seconds to wait when over `limit` (or when a new key finds the store full), else 0. */
  hit(key: string, limit: number, windowMs: number, now = Date.now()): number {
    let w = this.windows.get(key);
    if (w && w.resetAt <= now) {
      this.windows.delete(key);
      w = undefined;
    }
    if (!w) {
      if (this.windows.size >= this.maxKeys && !this.purge(now)) return Math.max(1, Math.ceil(windowMs / 1000));
      w = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, w);
    }
    w.count += 1;
    return w.count > limit ? Math.max(1, Math.ceil((w.resetAt - now) / 1000)) : 0;
  }

  /** Like hit, but throws RATE_LIMITED with Retry-After. */
  hitOrThrow(key: string, limit: number, windowMs: number, message = "Too many requests, try again later"): void {
    const wait = this.hit(key, limit, windowMs);
    if (wait > 0) throw rateLimited(wait, message);
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  /** Drops windows that are over (at most once a second); true when there is room afterwards. */
  private purge(now: number): boolean {
    if (now >= this.nextPurge) {
      this.nextPurge = now + PURGE_EVERY_MS;
      for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
    }
    return this.windows.size < this.maxKeys;
  }
}

/**
 * The process-wide in-memory limiter of the chat hot path (messages, reactions, typing): no network round
 * trip per message. Each app process counts what it sees, so a user with connections on K processes may
 * send up to K times the rate; the per-user connection cap bounds K.
 */
export const limiter = processSingleton("rate-limit", () => new RateLimiter());
