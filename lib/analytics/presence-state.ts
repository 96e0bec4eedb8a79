import "server-only";
import { processSingleton } from "@/lib/singleton";
import { redisClient } from "@/lib/realtime/redis";

/**
 * Who is present in a stream, merged over every source a viewer has: a Socket.IO presence process
 * (`p:<pid>`, one per app process however many tabs it holds) and a LiveKit participant (`m:<identity>`).
 * A viewer is present while any source is. Kept in Redis when REDIS_URL is set, so tabs on two app
 * processes and a webhook landing on a third are one viewer, and each change is decided atomically (Lua);
 * in process memory otherwise (one app process).
 */
export type Arrival = { arrived: boolean; newView: boolean; current: number };
export type Departure = { left: boolean; since: number; current: number };
export type OpenInterval = { key: string; since: number };

const TTL_S = 2 * 86_400;
const k = (sid: string) => ({ since: `an:${sid}:since`, left: `an:${sid}:left`, src: `an:${sid}:src:` });

/** KEYS: src set, since hash, left hash. ARGV: source, now, gap ms, viewer key, ttl. */
const ATTACH = `
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[5])
if redis.call('HEXISTS', KEYS[2], ARGV[4]) == 1 then return {0, 0, redis.call('HLEN', KEYS[2])} end
redis.call('HSET', KEYS[2], ARGV[4], ARGV[2])
redis.call('EXPIRE', KEYS[2], ARGV[5])
local last = redis.call('HGET', KEYS[3], ARGV[4])
local fresh = 0
if (not last) or (tonumber(ARGV[2]) - tonumber(last) > tonumber(ARGV[3])) then fresh = 1 end
return {1, fresh, redis.call('HLEN', KEYS[2])}`;

/** KEYS: src set, since hash, left hash. ARGV: source, now, viewer key, ttl. */
const DETACH = `
redis.call('SREM', KEYS[1], ARGV[1])
if redis.call('SCARD', KEYS[1]) > 0 then return {0, 0, redis.call('HLEN', KEYS[2])} end
local since = redis.call('HGET', KEYS[2], ARGV[3])
if not since then return {0, 0, redis.call('HLEN', KEYS[2])} end
redis.call('HDEL', KEYS[2], ARGV[3])
redis.call('HSET', KEYS[3], ARGV[3], ARGV[2])
redis.call('EXPIRE', KEYS[3], ARGV[4])
return {1, tonumber(since), redis.call('HLEN', KEYS[2])}`;

/**
 * Drops presence processes that are gone (their presence hash expired or no longer lists the viewer: a
 * crashed app process), closing the viewers they were the last source of. KEYS: since, left. ARGV: src
 * prefix, presence hash prefix, now, ttl. Returns key, since pairs.
 */
const SWEEP = `
local out = {}
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local key, since = all[i], all[i + 1]
  local set = ARGV[1] .. key
  for _, src in ipairs(redis.call('SMEMBERS', set)) do
    if string.sub(src, 1, 2) == 'p:' and redis.call('HEXISTS', ARGV[2] .. string.sub(src, 3), key) == 0 then redis.call('SREM', set, src) end
  end
  if redis.call('SCARD', set) == 0 then
    redis.call('HDEL', KEYS[1], key)
    redis.call('HSET', KEYS[2], key, ARGV[3])
    redis.call('EXPIRE', KEYS[2], ARGV[4])
    table.insert(out, key); table.insert(out, since)
  end
end
return out`;

/** KEYS: since, left, client. ARGV: src prefix. Everyone leaves (the stream ended). */
const CLEAR = `
local out = redis.call('HGETALL', KEYS[1])
for i = 1, #out, 2 do redis.call('DEL', ARGV[1] .. out[i]) end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
return out`;

type Mem = Map<string, { src: Map<string, Set<string>>; since: Map<string, number>; left: Map<string, number> }>;
const mem = processSingleton("analytics.presence", (): Mem => new Map());

function memOf(sid: string) {
  let s = mem.get(sid);
  if (!s) mem.set(sid, (s = { src: new Map(), since: new Map(), left: new Map() }));
  return s;
}

const nums = (r: unknown) => (r as (number | string)[]).map(Number);
const pairs = (r: unknown): OpenInterval[] => {
  const a = r as string[];
  const out: OpenInterval[] = [];
  for (let i = 0; i + 1 < a.length; i += 2) out.push({ key: a[i] ?? "", since: Number(a[i + 1]) });
  return out;
};

export async function attach(sid: string, key: string, source: string, now: number, gapMs: number): Promise<Arrival> {
  const redis = redisClient();
  if (redis) {
    const { src, since, left } = k(sid);
    const [arrived, fresh, current] = nums(await (await redis).eval(ATTACH, { keys: [src + key, since, left], arguments: [source, String(now), String(gapMs), key, String(TTL_S)] }));
    return { arrived: arrived === 1, newView: fresh === 1, current: current ?? 0 };
  }
  const s = memOf(sid);
  const set = s.src.get(key) ?? new Set<string>();
  s.src.set(key, set.add(source));
  if (s.since.has(key)) return { arrived: false, newView: false, current: s.since.size };
  s.since.set(key, now);
  const last = s.left.get(key);
  return { arrived: true, newView: last === undefined || now - last > gapMs, current: s.since.size };
}

export async function detach(sid: string, key: string, source: string, now: number): Promise<Departure> {
  const redis = redisClient();
  if (redis) {
    const { src, since, left } = k(sid);
    const [gone, from, current] = nums(await (await redis).eval(DETACH, { keys: [src + key, since, left], arguments: [source, String(now), key, String(TTL_S)] }));
    return { left: gone === 1, since: from ?? 0, current: current ?? 0 };
  }
  const s = memOf(sid);
  const set = s.src.get(key);
  set?.delete(source);
  if (set?.size) return { left: false, since: 0, current: s.since.size };
  s.src.delete(key);
  const from = s.since.get(key);
  if (from === undefined) return { left: false, since: 0, current: s.since.size };
  s.since.delete(key);
  s.left.set(key, now);
  return { left: true, since: from, current: s.since.size };
}

/** The viewers present now, with when their current presence began. */
export async function openIntervals(sid: string): Promise<OpenInterval[]> {
  const redis = redisClient();
  if (redis) return Object.entries(await (await redis).hGetAll(k(sid).since)).map(([key, since]) => ({ key, since: Number(since) }));
  return [...(mem.get(sid)?.since ?? new Map<string, number>())].map(([key, since]) => ({ key, since }));
}

/** Closes viewers whose only sources were app processes that are gone; `presencePrefix` + pid is their presence hash. */
export async function sweep(sid: string, presencePrefix: string, now: number): Promise<OpenInterval[]> {
  const redis = redisClient();
  if (!redis) return [];
  const { src, since, left } = k(sid);
  return pairs(await (await redis).eval(SWEEP, { keys: [since, left], arguments: [src, presencePrefix, String(now), String(TTL_S)] }));
}

/** Everyone leaves at once (the stream ended): the intervals that were open. */
export async function clearAll(sid: string): Promise<OpenInterval[]> {
  const redis = redisClient();
  if (redis) {
    const { src, since, left } = k(sid);
    return pairs(await (await redis).eval(CLEAR, { keys: [since, left, `an:${sid}:client`], arguments: [src] }));
  }
  const open = await openIntervals(sid);
  mem.delete(sid);
  for (const key of clients.keys()) if (key.startsWith(`${sid}|`)) clients.delete(key);
  return open;
}

/** First-seen client facts per viewer (country, device), written by whichever process saw the client first. */
export async function rememberClient(sid: string, key: string, info: string): Promise<void> {
  const redis = redisClient();
  const hash = `an:${sid}:client`;
  if (redis) {
    await (await redis).multi().hSetNX(hash, key, info).expire(hash, TTL_S).exec();
    return;
  }
  clients.set(`${sid}|${key}`, clients.get(`${sid}|${key}`) ?? info);
}

export async function recallClient(sid: string, key: string): Promise<string | null> {
  const redis = redisClient();
  if (redis) return (await (await redis).hGet(`an:${sid}:client`, key)) ?? null;
  return clients.get(`${sid}|${key}`) ?? null;
}

const clients = processSingleton("analytics.clients", () => new Map<string, string>());

/** Distinct viewers of a channel per UTC day (HyperLogLog), for the channel's unique viewers over a range. */
export async function countChannelViewer(hostId: string, day: string, key: string): Promise<void> {
  const redis = redisClient();
  if (!redis) return;
  const hll = `an:hll:${hostId}:${day}`;
  await (await redis).multi().pfAdd(hll, key).expire(hll, 400 * 86_400).exec();
}

/** Distinct viewers over the days, or null without Redis (the caller counts sessions instead). */
export async function channelViewers(hostId: string, days: string[]): Promise<number | null> {
  const redis = redisClient();
  if (!redis) return null;
  return (await redis).pfCount(days.map((d) => `an:hll:${hostId}:${d}`));
}
