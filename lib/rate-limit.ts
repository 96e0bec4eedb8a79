import { AppError } from "@/lib/errors";

type Window = { count: number; resetAt: number };

/**
 * Fixed-window counters in process memory, bounded in size. One app process counts its own traffic; with
 * several processes behind a balancer each enforces the limit on what it sees (sticky sessions keep that fair).
 */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly maxKeys = 100_000) {}

  /** Counts one hit; returns the seconds to wait when over `limit`, else 0. */
  hit(key: string, limit: number, windowMs: number, now = Date.now()): number {
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      if (this.windows.size >= this.maxKeys) this.prune(now);
      w = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, w);
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

  private prune(now: number): void {
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
    if (this.windows.size >= this.maxKeys) {
      const drop = Math.ceil(this.maxKeys / 10);
      let i = 0;
      for (const k of this.windows.keys()) {
        if (i++ >= drop) break;
        this.windows.delete(k);
      }
    }
  }
}

const g = globalThis as typeof globalThis & { __streamhubLimiter?: RateLimiter };
/** The process-wide limiter, shared by route handlers and socket handlers. */
export const limiter: RateLimiter = (g.__streamhubLimiter ??= new RateLimiter());
