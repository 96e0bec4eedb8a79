import "server-only";
import { log } from "@/lib/logger";
import { redisClient, type Redis } from "@/lib/realtime/redis";

/** A cap on open connections: at most `max` connections hold `key` (a user, an address) at once. */
export type SlotClaim = { key: string; max: number };

const TTL_MS = 30_000;
const REFRESH_MS = 10_000;
/** A claim made at handshake whose connection never opened is dropped after this long. */
const PENDING_GRACE_MS = 15_000;

/**
 * Takes every claim or none, in one step: per key a sorted set of connection ids scored by when their entry
 * lapses. Lapsed entries (a crashed process's connections) are dropped first; a connection already in a
 * set is not counted twice. ARGV: ttl ms, connection id, then one max per key (0: no check, just add).
 */
const ACQUIRE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i, k in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', k, '-inf', now)
  local max = tonumber(ARGV[2 + i])
  if max > 0 and not redis.call('ZSCORE', k, ARGV[2]) and redis.call('ZCARD', k) >= max then return i end
end
for _, k in ipairs(KEYS) do
  redis.call('ZADD', k, now + tonumber(ARGV[1]), ARGV[2])
  redis.call('PEXPIRE', k, ARGV[1])
end
return 0`;

const REFRESH_SCRIPT = `
local t = redis.call('TIME')
local exp = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1])
for i, k in ipairs(KEYS) do
  redis.call('ZADD', k, exp, ARGV[i + 1])
  redis.call('PEXPIRE', k, ARGV[1])
end
return 0`;

const redisKey = (key: string) => `conn:${key}`;

/**
 * Caps on concurrent connections per user and per address. With Redis they hold across app processes:
 * each connection is an entry in a shared sorted set per key, renewed every 10 s by the process holding it
 * and lapsing 30 s after it stops (so a crashed process frees its slots); without Redis, or while it is
 * unreachable, the process counts its own. A cap counts connections, which come and go — not a rate, so
 * not rate-limiter-flexible's business: its counters would leak the slots of a process that died.
 */
export class ConnectionSlots {
  // Per connection (thousands per process), as little as can be: its one key (an anonymous viewer's
  // address) as the string itself, several in an array of exactly their number; and, until a refresh saw
  // the connection open, when it claimed them.
  private readonly held = new Map<string, string | string[]>();
  private readonly pending = new Map<string, number>();
  private readonly counts = new Map<string, number>();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly isOpen: (connectionId: string) => boolean) {
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
    this.timer.unref();
  }

  /**
   * Takes a slot under every claim for the connection, or none: returns the claim that is full, else null.
   * `force` takes them whatever the count (a recovered connection had them a moment ago).
   */
  async acquire(connectionId: string, claims: SlotClaim[], opts: { force?: boolean } = {}): Promise<SlotClaim | null> {
    const fresh = claims.filter((c) => !this.keysOf(connectionId).includes(c.key));
    if (!fresh.length) return null;
    const full = (await this.acquireShared(connectionId, fresh, opts.force)) ?? this.acquireLocal(fresh, opts.force);
    if (full) return full;
    // Read again: another claim of this connection may have landed while Redis answered.
    const had = this.keysOf(connectionId);
    const added = fresh.map((c) => c.key).filter((k) => !had.includes(k));
    for (const k of added) this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
    if (!had.length) this.pending.set(connectionId, Date.now());
    const keys = [...had, ...added];
    this.held.set(connectionId, keys.length === 1 ? keys[0]! : keys);
    return null;
  }

  /** Gives back the connection's slot under `key`, or all of its slots. */
  async release(connectionId: string, key?: string): Promise<void> {
    const had = this.keysOf(connectionId);
    if (!had.length) return;
    const keys = key ? had.filter((k) => k === key) : had;
    const rest = had.filter((k) => !keys.includes(k));
    for (const k of keys) {
      const n = (this.counts.get(k) ?? 1) - 1;
      if (n <= 0) this.counts.delete(k);
      else this.counts.set(k, n);
    }
    if (!rest.length) {
      this.held.delete(connectionId);
      this.pending.delete(connectionId);
    } else this.held.set(connectionId, rest.length === 1 ? rest[0]! : rest);
    const redis = await this.ready();
    if (!redis || !keys.length) return;
    const tx = redis.multi();
    for (const k of keys) tx.zRem(redisKey(k), connectionId);
    await tx.exec().catch((err: unknown) => log.warn("connection slot release failed", { err: String(err) }));
  }

  close(): void {
    clearInterval(this.timer);
  }

  private keysOf(connectionId: string): string[] {
    const held = this.held.get(connectionId);
    return held === undefined ? [] : typeof held === "string" ? [held] : held;
  }

  /** null when the shared sets took the claims; the full claim; or undefined when Redis is not there to ask. */
  private async acquireShared(connectionId: string, claims: SlotClaim[], force?: boolean): Promise<SlotClaim | null | undefined> {
    const redis = await this.ready();
    if (!redis) return undefined;
    try {
      const args = [String(TTL_MS), connectionId, ...claims.map((c) => String(force ? 0 : c.max))];
      const full = Number(await redis.eval(ACQUIRE_SCRIPT, { keys: claims.map((c) => redisKey(c.key)), arguments: args }));
      return full > 0 ? (claims[full - 1] ?? null) : null;
    } catch (err) {
      log.warn("connection slots counted in process (redis unavailable)", { err: String(err) });
      return undefined;
    }
  }

  private acquireLocal(claims: SlotClaim[], force?: boolean): SlotClaim | null {
    if (force) return null;
    return claims.find((c) => (this.counts.get(c.key) ?? 0) >= c.max) ?? null;
  }

  private async ready(): Promise<Redis | null> {
    const p = redisClient();
    const client = p ? await p.catch(() => null) : null;
    return client?.isReady ? client : null;
  }

  /** Drops slots of connections that are gone without a release, and renews this process's shared entries. */
  private async refresh(): Promise<void> {
    const now = Date.now();
    for (const id of [...this.held.keys()]) {
      const since = this.pending.get(id);
      if (this.isOpen(id)) this.pending.delete(id);
      else if (since === undefined || now - since > PENDING_GRACE_MS) await this.release(id);
    }
    const redis = await this.ready();
    if (!redis || !this.held.size) return;
    const keys: string[] = [];
    const ids: string[] = [];
    for (const id of this.held.keys()) {
      for (const k of this.keysOf(id)) {
        keys.push(redisKey(k));
        ids.push(id);
      }
    }
    for (let i = 0; i < keys.length; i += 500) {
      await redis.eval(REFRESH_SCRIPT, { keys: keys.slice(i, i + 500), arguments: [String(TTL_MS), ...ids.slice(i, i + 500)] }).catch((err: unknown) => log.warn("connection slot refresh failed", { err: String(err) }));
    }
  }
}
