import { LRUCache } from "lru-cache";
import { AppError } from "@/lib/errors";
import { processSingleton } from "@/lib/singleton";

type Window = { count: number; resetAt: number };

/**
 * Fixed-window counters in process memory, bounded in size (the least recently used keys go first, and a
 * window is dropped once it is over). One app process counts its own traffic; with several processes
 * behind a balancer each enforces the limit on what it sees (sticky sessions keep that fair).
 */
export class RateLimiter {
  private readonly windows: LRUCache<string, Window>;

  constructor(maxKeys = 100_000) {
    this.windows = new LRUCache<string, Window>({ max: maxKeys });
  }

  /** Counts one hit; returns the seconds to wait when over `limit`, else 0. */
  hit(key: string, limit: number, windowMs: number, now = Date.now()): number {
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, w, { ttl: windowMs });
    }
    w.count += 1;
    return w.count > limit ? Math.max(1, Math.ceil((w.resetAt - now) / 1000)) : 0;
  }

  /** Like hit, but throws RATE_LIMITED with Retry-After. */
  hitOrThrow(key: string, limit: number, windowMs: number, message = "Too many requests, try again later"): void {
    const wait = this.hit(key, limit, windowMs);
    if (wait > 0) throw new AppError("RATE_LIMITED", message, { details: { retryAfter: wait }, headers: { "Retry-After": String(wait) } });
  }

  reset(key: string): void {
    this.windows.delete(key);
  }
}

/** The process-wide limiter, shared by route handlers and socket handlers. */
export const limiter = processSingleton("rate-limit", () => new RateLimiter());
