import { createHmac, timingSafeEqual } from "node:crypto";
import { config } from "@/lib/config";
import type { Redis } from "@/lib/realtime/redis";

/**
 * Which RTMP session publishes into a stream, across every media worker: `rtmp:publisher:<streamId>` holds
 * `<workerId>/<sessionId>` while the encoder is connected (renewed by the worker that holds the connection,
 * gone within PUBLISHER_TTL_MS of that worker dying). It refuses a second encoder on a live key anywhere,
 * and tells an ingest job whether the publish it pulls still exists.
 */
export const PUBLISHER_TTL_MS = 6_000;
const key = (streamId: string) => `rtmp:publisher:${streamId}`;

/** Renews the holder's claim; one that lapsed (a worker paused past the TTL) is taken back if nobody took it. */
const RENEW = `local cur = redis.call('get', KEYS[1])
if cur == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
if not cur then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

export async function claimPublisher(redis: Redis, streamId: string, holder: string): Promise<boolean> {
  const got = await redis.set(key(streamId), holder, { condition: "NX", expiration: { type: "PX", value: PUBLISHER_TTL_MS } });
  return got === "OK";
}

export async function renewPublisher(redis: Redis, streamId: string, holder: string): Promise<boolean> {
  return (await redis.eval(RENEW, { keys: [key(streamId)], arguments: [holder, String(PUBLISHER_TTL_MS)] })) === 1;
}

export async function releasePublisher(redis: Redis, streamId: string, holder: string): Promise<void> {
  await redis.eval(RELEASE, { keys: [key(streamId)], arguments: [holder] });
}

export async function currentPublisher(redis: Redis, streamId: string): Promise<string | null> {
  return redis.get(key(streamId));
}

/**
 * The credential of the worker's own pull of one publish: bound to that RTMP session, so it opens nothing
 * once the encoder has gone, and derived from AUTH_SECRET, so only the platform's processes can make it.
 */
export function pullToken(sessionId: string): string {
  return createHmac("sha256", config().AUTH_SECRET).update(`rtmp-pull:${sessionId}`).digest("hex").slice(0, 40);
}

export function validPullToken(sessionId: string, token: unknown): boolean {
  if (typeof token !== "string") return false;
  const want = Buffer.from(pullToken(sessionId));
  const got = Buffer.from(token);
  return got.length === want.length && timingSafeEqual(got, want);
}
