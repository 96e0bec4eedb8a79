import "server-only";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { log } from "@/lib/logger";
import { RateLimiter, rateLimited } from "@/lib/rate-limit";
import { redisClient } from "@/lib/realtime/redis";
import { processSingleton } from "@/lib/singleton";

export type LimitSpec = { name: string; points: number; durationSec: number };

const LOCAL_MAX_KEYS = 100_000;

/**
 * A rate limit that holds across app processes: rate-limiter-flexible's RateLimiterRedis on the shared
 * Redis client when REDIS_URL is set, else a bounded in-process counter (lib/rate-limit.ts). Its memory
 * limiter is not used: it keeps every key with a timer each and no bound, where a full store must refuse
 * new keys instead (see RateLimiter). A key over its limit is remembered in process memory until its
 * window ends (`inMemoryBlockOnConsumed`), so a flood from it costs no Redis round trip; when Redis is not
 * ready the call is counted by the same bounded in-process counter (what `insuranceLimiter` would do,
 * bounded), so limits degrade to per process rather than vanish or wait for Redis.
 */
export class SharedLimit {
  private readonly local = new RateLimiter(LOCAL_MAX_KEYS);
  private remote: Promise<RateLimiterRedis> | null;
  private lastWarn = 0;

  constructor(private readonly spec: LimitSpec) {
    const redis = redisClient();
    this.remote = redis
      ? redis.then(
          (client) =>
            new RateLimiterRedis({
              storeClient: client,
              useRedisPackage: true,
              rejectIfRedisNotReady: true,
              keyPrefix: `rl:${spec.name}`,
              points: spec.points,
              duration: spec.durationSec,
              inMemoryBlockOnConsumed: spec.points + 1,
            }),
        )
      : null;
  }

  /** Counts one hit for `key`; the seconds to wait when over the limit, else 0. */
  async hit(key: string): Promise<number> {
    const remote = this.remote ? await this.remote.catch(() => null) : null;
    if (remote) {
      try {
        await remote.consume(key);
        return 0;
      } catch (res) {
        if (res instanceof RateLimiterRes) return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
        this.warn(res);
      }
    }
    return this.local.hit(`${this.spec.name}:${key}`, this.spec.points, this.spec.durationSec * 1000);
  }

  /** Counts one hit; throws RATE_LIMITED (with Retry-After) when over the limit. */
  async consume(key: string, message: string): Promise<void> {
    const wait = await this.hit(key);
    if (wait > 0) throw rateLimited(wait, message);
  }

  /** Forgets the key's window (a successful login clears the account's failures). */
  async reset(key: string): Promise<void> {
    this.local.reset(`${this.spec.name}:${key}`);
    const remote = this.remote ? await this.remote.catch(() => null) : null;
    await remote?.delete(key).catch((err: unknown) => this.warn(err));
  }

  private warn(err: unknown): void {
    if (Date.now() < this.lastWarn + 60_000) return;
    this.lastWarn = Date.now();
    log.warn("shared rate limit counted in process (redis unavailable)", { limit: this.spec.name, err: String(err) });
  }
}

const limits = processSingleton("shared-limits", () => new Map<string, SharedLimit>());

/** The process's limiter for one named limit (created on first use; a changed limit or window is a new one). */
export function sharedLimit(spec: LimitSpec): SharedLimit {
  const id = `${spec.name}:${spec.points}:${spec.durationSec}`;
  let l = limits.get(id);
  if (!l) limits.set(id, (l = new SharedLimit(spec)));
  return l;
}
