import path from "node:path";
import { config } from "@/lib/config";
import { connectDb, disconnectDb } from "@/lib/db/connection";
import { closeRedis, redisClient } from "@/lib/realtime/redis";
import { log } from "@/lib/logger";
import { JobRunner } from "@/workers/runtime/job-runner";
import { initChildren, killAllGroups } from "@/workers/runtime/children";
import { installCrashGuard } from "@/workers/runtime/crash-guard";
import { mediaHandlers, startMediaServices } from "@/workers/handlers";

/**
 * The media worker: a process beside the app that runs ingest, recording and thumbnail jobs claimed from
 * Redis (lib/media/jobs.ts), and, unless MEDIA_RTMP=false, the RTMP listener encoders publish to. Several
 * run side by side; a dead one's jobs are taken over when their leases lapse. Start: `npm run worker`
 * (the services manager starts one for `npm run dev` and the tests).
 */
async function main(): Promise<void> {
  const cfg = config();
  const client = redisClient();
  if (!client) throw new Error("The media worker needs Redis: set REDIS_URL");
  const redis = await client;
  await connectDb();
  const mediaDir = path.resolve(cfg.MEDIA_DIR);
  const orphans = initChildren(path.join(mediaDir, "pids"));
  if (orphans) log.warn("killed processes a killed media worker left behind", { count: orphans });

  const runner = new JobRunner({ redis, handlers: mediaHandlers, leaseMs: cfg.MEDIA_LEASE_MS, capacity: cfg.MEDIA_WORKER_CAPACITY, rtmp: cfg.MEDIA_RTMP });
  const services = await startMediaServices({ workerId: runner.id, rtmp: cfg.MEDIA_RTMP });
  await runner.start();

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => {
      killAllGroups();
      process.exit(code || 1);
    }, 25_000);
    force.unref();
    try {
      await services.stop();
      await runner.close();
    } finally {
      killAllGroups();
      await closeRedis();
      await disconnectDb().catch(() => undefined);
      process.exit(code);
    }
  };
  process.on("SIGTERM", () => void shutdown(0));
  process.on("SIGINT", () => void shutdown(0));
  process.stdout.write(`media worker ready ${runner.id}${cfg.MEDIA_RTMP ? ` rtmp://${cfg.RTMP_BIND}:${cfg.RTMP_PORT}` : ""}\n`);
}

// A crash takes its ffmpeg process groups with it.
process.on("exit", () => killAllGroups());
let staleDrops = 0;
installCrashGuard({
  tolerated: () => log.warn("ignored a stale LiveKit FFI handle drop (rtc-node's GC finalizer)", { count: ++staleDrops }),
  fatal: (err) => {
    log.error("media worker crashed", { err: err.stack ?? String(err) });
    killAllGroups();
    process.exit(1);
  },
});

main().catch((err: unknown) => {
  process.stderr.write(`media worker failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  killAllGroups();
  process.exit(1);
});
