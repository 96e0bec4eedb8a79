import { randomBytes } from "node:crypto";
import type { Server } from "socket.io";
import { log } from "@/lib/logger";
import { inStreamRoom } from "@/lib/realtime/stream-batches";
import { redisClient } from "@/lib/realtime/redis";

const TTL_MS = 30_000;
const REFRESH_MS = 10_000;
const COUNT_DEBOUNCE_MS = 500;

/**
 * Unique viewers per stream. Each process keeps its own sockets per (stream, viewer key) — a user id, or a
 * browser's anonymous key — so tabs and reconnects of one person count once. With Redis, each process
 * writes its viewer keys of a stream into its own hash (expiring 30 s after its last refresh, renewed every
 * 10 s) listed in the stream's set of processes; a Lua script counts the distinct keys over all live
 * hashes. A person with tabs on two processes counts once, and a crashed process's viewers expire.
 * Counts that changed go to `onCount` (debounced), which the caller wires to the stream's viewer count.
 */
const COUNT_SCRIPT = `
local procs = redis.call('SMEMBERS', KEYS[1])
local seen = {}
local n = 0
for _, pid in ipairs(procs) do
  local k = ARGV[1] .. pid
  if redis.call('EXISTS', k) == 1 then
    for _, v in ipairs(redis.call('HKEYS', k)) do
      if not seen[v] then seen[v] = true; n = n + 1 end
    end
  else
    redis.call('SREM', KEYS[1], pid)
  end
end
return n`;

const procsKey = (streamId: string) => `presence:${streamId}:procs`;
/** A process's viewer keys of a stream live in the hash `hashPrefix(streamId) + pid`. */
export const hashPrefix = (streamId: string) => `presence:${streamId}:p:`;

/**
 * A viewer key's first socket in this process arrived (`present`), or its last one left: the source
 * `p:<pid>` of that viewer, for whoever merges presence over processes and media (analytics).
 */
export type ViewerChange = (streamId: string, viewerKey: string, present: boolean, source: string) => void;
/**
 * A viewer key's sockets in this process: nearly always one, kept as its id alone; a Set only from the
 * second (tabs). A Set per viewer would be a hash table per viewer, in a room of thousands.
 */
type Sockets = string | Set<string>;
const sizeOf = (s: Sockets) => (typeof s === "string" ? 1 : s.size);
const idsOf = (s: Sockets): string[] => (typeof s === "string" ? [s] : [...s]);
const has = (s: Sockets, id: string) => (typeof s === "string" ? s === id : s.has(id));
/** The sockets without `id`, which is among them: null when none is left, back to the bare id at one. */
function without(s: Sockets, id: string): Sockets | null {
  if (typeof s === "string") return null;
  s.delete(id);
  return s.size === 1 ? (s.values().next().value as string) : s;
}

export class Presence {
  private local = new Map<string, Map<string, Sockets>>();
  private pending = new Map<string, ReturnType<typeof setTimeout>>();
  private lastCount = new Map<string, number>();
  private timer: ReturnType<typeof setInterval>;
  readonly pid = randomBytes(6).toString("hex");

  constructor(
    private readonly io: Server,
    private readonly onCount: (streamId: string, count: number) => Promise<unknown>,
    private readonly onViewer: ViewerChange = () => undefined,
  ) {
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
    this.timer.unref();
  }

  async join(streamId: string, viewerKey: string, socketId: string): Promise<void> {
    let viewers = this.local.get(streamId);
    if (!viewers) this.local.set(streamId, (viewers = new Map()));
    const had = viewers.get(viewerKey);
    const sockets: Sockets = had === undefined || had === socketId ? socketId : typeof had === "string" ? new Set([had, socketId]) : had.add(socketId);
    viewers.set(viewerKey, sockets);
    const first = sizeOf(sockets) === 1;
    const redis = redisClient();
    if (redis && first) {
      const r = await redis;
      const hash = hashPrefix(streamId) + this.pid;
      await r.multi().hSet(hash, viewerKey, "1").pExpire(hash, TTL_MS).sAdd(procsKey(streamId), this.pid).expire(procsKey(streamId), 86_400).exec();
    }
    if (first) this.onViewer(streamId, viewerKey, true, `p:${this.pid}`);
    this.scheduleCount(streamId);
  }

  async leave(streamId: string, viewerKey: string, socketId: string): Promise<void> {
    const viewers = this.local.get(streamId);
    const sockets = viewers?.get(viewerKey);
    if (!viewers || sockets === undefined || !has(sockets, socketId)) return;
    const rest = without(sockets, socketId);
    if (rest === null) {
      viewers.delete(viewerKey);
      if (viewers.size === 0) this.local.delete(streamId);
      const redis = redisClient();
      if (redis) await (await redis).hDel(hashPrefix(streamId) + this.pid, viewerKey);
      this.onViewer(streamId, viewerKey, false, `p:${this.pid}`);
    } else viewers.set(viewerKey, rest);
    this.scheduleCount(streamId);
  }

  async count(streamId: string): Promise<number> {
    const redis = redisClient();
    if (!redis) return this.local.get(streamId)?.size ?? 0;
    const n = await (await redis).eval(COUNT_SCRIPT, { keys: [procsKey(streamId)], arguments: [hashPrefix(streamId)] });
    return Number(n);
  }

  /** The viewer keys present in a stream now, each with the process (`p:<pid>`) that holds it. */
  async members(streamId: string): Promise<{ key: string; source: string }[]> {
    const redis = redisClient();
    if (!redis) return [...(this.local.get(streamId)?.keys() ?? [])].map((key) => ({ key, source: `p:${this.pid}` }));
    const r = await redis;
    const out: { key: string; source: string }[] = [];
    for (const pid of await r.sMembers(procsKey(streamId))) for (const key of await r.hKeys(hashPrefix(streamId) + pid)) out.push({ key, source: `p:${pid}` });
    return out;
  }

  private scheduleCount(streamId: string) {
    if (this.pending.has(streamId)) return;
    const t = setTimeout(() => {
      this.pending.delete(streamId);
      void this.publishCount(streamId);
    }, COUNT_DEBOUNCE_MS);
    t.unref();
    this.pending.set(streamId, t);
  }

  private async publishCount(streamId: string) {
    try {
      const n = await this.count(streamId);
      if (this.lastCount.get(streamId) === n) return;
      this.lastCount.set(streamId, n);
      if (!this.local.has(streamId)) this.lastCount.delete(streamId);
      await this.onCount(streamId, n);
    } catch (err) {
      log.warn("presence count failed", { streamId, err: String(err) });
    }
  }

  /** Drops sockets that left without telling (ended streams, kicked), renews Redis entries, recounts. */
  private async refresh() {
    const redis = redisClient();
    const r = redis ? await redis.catch(() => null) : null;
    for (const [streamId, viewers] of this.local) {
      for (const [key, sockets] of viewers) {
        let rest: Sockets | null = sockets;
        for (const id of idsOf(sockets)) {
          const s = this.io.sockets.sockets.get(id);
          if (rest !== null && (!s || !inStreamRoom(s.rooms, streamId))) rest = without(rest, id);
        }
        if (rest !== null) viewers.set(key, rest);
        else {
          viewers.delete(key);
          if (r) await r.hDel(hashPrefix(streamId) + this.pid, key).catch(() => undefined);
          this.onViewer(streamId, key, false, `p:${this.pid}`);
        }
      }
      if (viewers.size === 0) this.local.delete(streamId);
      if (r && viewers.size) {
        const hash = hashPrefix(streamId) + this.pid;
        const fields = Object.fromEntries([...viewers.keys()].map((k) => [k, "1"]));
        await r.multi().hSet(hash, fields).pExpire(hash, TTL_MS).sAdd(procsKey(streamId), this.pid).exec().catch(() => undefined);
      }
      this.scheduleCount(streamId);
    }
  }

  close() {
    clearInterval(this.timer);
    for (const t of this.pending.values()) clearTimeout(t);
  }
}
