import "server-only";
import { LRUCache } from "lru-cache";
import { log } from "@/lib/logger";
import { redisClient } from "@/lib/realtime/redis";
import { processSingleton } from "@/lib/singleton";

/**
 * Revoked media access, per (room, identity): the time it was revoked. LiveKit cannot revoke a token it
 * issued, so the app keeps the list and removes a revoked identity that joins again. In Redis, so every app
 * process (whichever one receives LiveKit's webhook) sees a revocation made in another; in process memory
 * when there is no Redis (one process then). Entries expire once no token issued before them can still be valid.
 */
const key = (roomId: string, identity: string) => `media:revoked:${roomId}:${identity}`;

const local = processSingleton("media.revocations", () => new LRUCache<string, number>({ max: 100_000, ttlAutopurge: false }));

async function redis() {
  const p = redisClient();
  if (!p) return null;
  try {
    return await p;
  } catch (err) {
    log.warn("media revocations kept in process (redis unavailable)", { err: String(err) });
    return null;
  }
}

/** Also kept in this process, so a Redis outage still leaves this process's own revocations in force. */
export async function recordRevocation(roomId: string, identity: string, at: number, ttlMs: number): Promise<void> {
  const k = key(roomId, identity);
  local.set(k, at, { ttl: ttlMs });
  const client = await redis();
  await client?.set(k, String(at), { expiration: { type: "PX", value: ttlMs } });
}

/** When the identity's media access to the room was revoked; null when it is not (or no longer). */
export async function revokedAt(roomId: string, identity: string): Promise<number | null> {
  const k = key(roomId, identity);
  const client = await redis();
  if (client) {
    try {
      const v = await client.get(k);
      return v === null ? null : Number(v);
    } catch (err) {
      log.warn("media revocation read from process memory (redis failed)", { err: String(err) });
    }
  }
  return local.get(k) ?? null;
}

export async function clearRevocation(roomId: string, identity: string): Promise<void> {
  const k = key(roomId, identity);
  local.delete(k);
  const client = await redis();
  await client?.del(k);
}
