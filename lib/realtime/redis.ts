import "server-only";
import { createClient } from "redis";
import { config } from "@/lib/config";
import { log } from "@/lib/logger";
import { processSingleton } from "@/lib/singleton";

export type Redis = ReturnType<typeof createClient>;

const g = processSingleton("redis", () => ({ client: undefined as Promise<Redis> | undefined }));

/**
 * The process's Redis client when REDIS_URL is set (null otherwise). node-redis reconnects on its own and
 * queues commands while offline, so a Redis restart delays messages instead of dropping them.
 */
export function redisClient(): Promise<Redis> | null {
  const url = config().REDIS_URL;
  if (!url) return null;
  g.client ??= (async () => {
    const client = createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2000) } });
    client.on("error", (err: unknown) => log.warn("redis error", { err: String(err) }));
    await client.connect();
    return client;
  })();
  return g.client;
}

export async function closeRedis(): Promise<void> {
  const p = g.client;
  g.client = undefined;
  if (p) await (await p).quit().catch(() => undefined);
}
