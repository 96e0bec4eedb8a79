import { createHash, timingSafeEqual } from "node:crypto";
import { config } from "@/lib/config";
import { pingDb } from "@/lib/db/connection";
import { roomService } from "@/lib/livekit/client";
import { SENTINEL_ROOM } from "@/lib/livekit/availability";
import { redisClient } from "@/lib/realtime/redis";
import { mediaStatus, type MediaStatus } from "@/lib/realtime/media-jobs";

export type Check = { ok: boolean; latencyMs: number; error?: string };
export type Health = { status: "ok" | "degraded"; uptimeSeconds: number; memory: { rssBytes: number; heapUsedBytes: number }; checks: Record<string, Check>; media?: MediaStatus };

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref())]);
}

async function timed(fn: () => Promise<unknown>, timeoutMs = 2000): Promise<Check> {
  const start = performance.now();
  try {
    await withTimeout(fn(), timeoutMs);
    return { ok: true, latencyMs: Math.round((performance.now() - start) * 10) / 10 };
  } catch (err) {
    return { ok: false, latencyMs: Math.round(performance.now() - start), error: err instanceof Error ? err.message : String(err) };
  }
}

/** PING on the process's shared Redis client: a health probe opens no connection of its own. */
async function pingRedis(): Promise<void> {
  const client = redisClient();
  if (!client) throw new Error("REDIS_URL is not set");
  await (await client).ping();
}

/**
 * Whether an Authorization header presents HEALTH_TOKEN (as `Bearer <token>`), compared in constant time.
 * Monitors use it to read the details; without a configured token nobody presents it.
 */
export function presentsHealthToken(authorization: string | null): boolean {
  const expected = config().HEALTH_TOKEN;
  const given = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? "")?.[1];
  if (!expected || !given) return false;
  const digest = (v: string) => createHash("sha256").update(v).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Each dependency with its latency, and the process's memory; degraded when any check fails. `collect`
 * runs a full GC first, which is possible only when the process was started with --expose-gc (benchmarks).
 */
export async function checkHealth(opts: { collect?: boolean } = {}): Promise<Health> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (opts.collect && gc) gc();
  const mem = process.memoryUsage();
  const cfg = config();
  const entries: [string, Promise<Check>][] = [
    ["db", timed(() => pingDb())],
    // One named room, not every room: the answer stays small however many streams are on air.
    ["livekit", timed(() => roomService().listRooms([SENTINEL_ROOM]))],
  ];
  let media: MediaStatus | undefined;
  if (cfg.REDIS_URL) {
    entries.push(["redis", timed(() => pingRedis())]);
    // The media worker (ingest, recording, HLS, thumbnails): at least one heard from within 10 s.
    entries.push([
      "media",
      timed(async () => {
        media = await mediaStatus();
        if (!media.workers.length) throw new Error("no media worker is running (npm run worker)");
      }),
    ]);
  }
  const results = await Promise.all(entries.map(async ([k, p]) => [k, await p] as const));
  const checks = Object.fromEntries(results);
  return { status: results.every(([, c]) => c.ok) ? "ok" : "degraded", uptimeSeconds: Math.round(process.uptime()), memory: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed }, checks, ...(media ? { media } : {}) };
}
