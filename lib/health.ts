import net from "node:net";
import { config } from "@/lib/config";
import { pingDb } from "@/lib/db/connection";
import { roomService } from "@/lib/livekit/client";

export type Check = { ok: boolean; latencyMs: number; error?: string };
export type Health = { status: "ok" | "degraded"; uptimeSeconds: number; memory: { rssBytes: number; heapUsedBytes: number }; checks: Record<string, Check> };

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

/** PING over RESP on a fresh socket: no client library needed to know Redis answers. */
function pingRedis(url: string): Promise<void> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const sock = net.createConnection({ host: u.hostname, port: Number(u.port || 6379) });
    const auth = u.password ? `AUTH ${decodeURIComponent(u.username || "default")} ${decodeURIComponent(u.password)}\r\n` : "";
    sock.once("connect", () => sock.write(`${auth}PING\r\n`));
    sock.on("data", (buf) => {
      if (buf.toString().includes("+PONG")) {
        sock.destroy();
        resolve();
      } else if (buf.toString().startsWith("-")) {
        sock.destroy();
        reject(new Error(buf.toString().trim()));
      }
    });
    sock.once("error", reject);
  });
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
    ["livekit", timed(() => roomService().listRooms())],
  ];
  if (cfg.REDIS_URL) {
    const url = cfg.REDIS_URL;
    entries.push(["redis", timed(() => pingRedis(url))]);
  }
  const results = await Promise.all(entries.map(async ([k, p]) => [k, await p] as const));
  const checks = Object.fromEntries(results);
  return { status: results.every(([, c]) => c.ok) ? "ok" : "degraded", uptimeSeconds: Math.round(process.uptime()), memory: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed }, checks };
}
