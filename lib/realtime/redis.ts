import { createClient } from "redis";
import { config } from "@/lib/config";
import { log } from "@/lib/logger";

export type Redis = ReturnType<typeof createClient>;

const g = globalThis as typeof globalThis & { __streamhubRedis?: Promise<Redis> };

/**
 * The process's Redis client when REDIS_URL is set (null otherwise). node-redis reconnects on its own and
 * queues commands while offline, so a Redis restart delays messages instead of dropping them.
 */
export function redisClient(): Promise<Redis> | null {
  const url = config().REDIS_URL;
  if (!url) return null;
  g.__streamhubRedis ??= (async () => {
    const client = createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2000) } });
    client.on("error", (err: unknown) => log.warn("redis error", { err: String(err) }));
    await client.connect();
    return client;
  })();
  return g.__streamhubRedis;
}

export async function closeRedis(): Promise<void> {
  const p = g.__streamhubRedis;
  g.__streamhubRedis = undefined;
  if (p) await (await p).quit().catch(() => undefined);
}
