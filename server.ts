import { createServer, type IncomingMessage } from "node:http";
import { EventEmitter } from "node:events";
import type { Duplex } from "node:stream";
import next from "next";
import nextEnv from "@next/env";
import { config, ConfigError } from "@/lib/config";
import { log } from "@/lib/logger";
import { attachRealtime } from "@/lib/socket/server";
import { closeRedis } from "@/lib/realtime/redis";
import { chatBuffer } from "@/lib/chat/write-buffer";
import { connectDb, disconnectDb } from "@/lib/db/connection";
import { startGraceSweeper } from "@/lib/media/host-grace";
import { startMediaServerMonitor } from "@/lib/livekit/availability";
import { restoreLiveRooms } from "@/lib/media/media-server-recovery";
import { startStripeEventPruner } from "@/lib/payments/retention";
import { startChangeRelay } from "@/lib/realtime/change-relay";
import { stampClientIp } from "@/lib/http/client-ip";
import { ensureViewerCookie } from "@/lib/http/viewer-cookie";
import { loadMethodGuard } from "@/lib/http/method-guard";
import { loadFastReads } from "@/lib/http/fast-reads";
import type { NextConfig } from "next";
import { staticBrotli } from "@/lib/http/static-brotli";
import { loadLivekitScript } from "@/lib/http/livekit-script";

const dev = process.env.NODE_ENV !== "production";
nextEnv.loadEnvConfig(process.cwd(), dev);

function loadConfig() {
  try {
    return config();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every variable.\n`);
      process.exit(1);
    }
    throw err;
  }
}

async function main() {
  const cfg = loadConfig();
  // The headers next.config.mjs gives every path, for the replies answered before Next.
  const nextConfig = ((await import(String("./next.config.mjs"))) as { default: NextConfig }).default;
  const everyPath = ((await nextConfig.headers?.()) ?? []).filter((r) => r.source === "/:path*").flatMap((r) => r.headers);
  const fixedHeaders = Object.fromEntries(everyPath.map((h) => [h.key, h.value]));
  // The pages' livekit-client script, outside Next's chunks; the pages read its path from the environment.
  const livekitScript = await loadLivekitScript({ dev, headers: fixedHeaders });
  process.env.LIVEKIT_SCRIPT_SRC = livekitScript.src;
  // Next attaches its own upgrade listener (HMR in dev) to the server it is given; it gets a stand-in, and
  // only upgrades that are not Socket.IO's are passed on to it.
  const nextUpgrades = new EventEmitter();
  const app = next({ dev, hostname: cfg.HOST, port: cfg.PORT, httpServer: nextUpgrades as never });
  await app.prepare();
  const handle = app.getRequestHandler();
  const refuseMethod = await loadMethodGuard();
  const fastRead = await loadFastReads(fixedHeaders);
  // The build's scripts and styles with Brotli (Next sends gzip); development serves unbuilt files.
  const brotli = dev ? null : staticBrotli(".next", { headers: fixedHeaders });

  const server = createServer((req, res) => {
    stampClientIp(req, cfg.trustedProxies);
    // Discovery listings from memory (GETs of routes that export GET, so the method guard has nothing to
    // refuse): answered here, Next's routing would cost more than the answer.
    if (fastRead(req, res)) return;
    const refused = refuseMethod(req.method ?? "GET", req.url ?? "/");
    if (refused) return void res.writeHead(refused.status, refused.headers).end(refused.body);
    if (brotli?.serve(req, res) || livekitScript.serve(req, res)) return;
    ensureViewerCookie(req, res);
    void handle(req, res);
  });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (req.url?.startsWith("/socket.io/")) return;
    if (dev) return void nextUpgrades.emit("upgrade", req, socket, head);
    // Production serves no other WebSocket, and nobody would ever read or close an upgrade left here: a
    // client could hold any number of them open. Refuse at once.
    socket.on("error", () => undefined);
    socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  });
  const realtime = await attachRealtime(server);
  connectDb().catch((err: unknown) => log.warn("database not reachable yet", { err: String(err) }));
  const stopSweeper = startGraceSweeper();
  const stopPruner = startStripeEventPruner();
  // LiveKit down: media tokens answer 503 MEDIA_SERVER_UNAVAILABLE at once; LiveKit restarted: live rooms are made again.
  const stopMonitor = startMediaServerMonitor({ onRestored: async () => void (await restoreLiveRooms()) });
  // Other app processes' changes (bans, follows, roles, chat rules) reach this process's access caches.
  const relay = startChangeRelay().catch((err: unknown) => {
    log.error("change relay failed to start", { err: String(err) });
    return async () => undefined;
  });

  server.listen(cfg.PORT, cfg.HOST, () => {
    log.info("ready", { url: cfg.publicUrl, mode: dev ? "development" : "production" });
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    stopSweeper();
    stopPruner();
    stopMonitor();
    server.close();
    server.closeIdleConnections();
    await realtime.close();
    await (await relay)();
    await chatBuffer.flush().catch(() => undefined);
    await app.close().catch(() => undefined);
    await closeRedis();
    await disconnectDb().catch(() => undefined);
    clearTimeout(force);
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((err: unknown) => {
  log.error("failed to start", { err: err instanceof Error ? err.stack : String(err) });
  process.exit(1);
});
