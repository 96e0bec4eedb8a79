import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { childEnv, ephemeralLivekitKeys, parseServicesConfig } from "../scripts/settings";
import { startServices, type RunningServices } from "../scripts/services/manager";
import { startApp, type AppProcess } from "../scripts/app-process";
import { freePort } from "../scripts/services/process";
import { startMailSink } from "../scripts/mail-sink";
import { startMediaWorker, type MediaWorker } from "../scripts/services/worker";

export { freePort };

export const ROOT = path.resolve(import.meta.dirname, "..");

export function stats(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? NaN;
  return { n: s.length, min: s[0] ?? NaN, median: q(0.5), p95: q(0.95), max: s[s.length - 1] ?? NaN };
}

export type Stack = { url: string; pid: number; workerPid: number; env: Record<string, string>; mailUrl: string; worker: MediaWorker; rtmpPort: number; stop: () => Promise<void> };

/** Calls `read` on a process and each of its descendants (from /proc) and sums what it returns; gone ones count 0. */
export function sumOverTree(pid: number, read: (pid: number) => number): number {
  let total = 0;
  const visit = (p: number) => {
    try {
      total += read(p);
      for (const t of fs.readdirSync(`/proc/${p}/task`)) {
        const kids = fs.readFileSync(`/proc/${p}/task/${t}/children`, "utf8").trim();
        for (const k of kids ? kids.split(/\s+/) : []) visit(Number(k));
      }
    } catch {
      // the process went away
    }
  };
  visit(pid);
  return total;
}

/** Resident memory (kB) of a process and all its descendants, from /proc. */
export function rssTreeKb(pid: number): number {
  return sumOverTree(pid, (p) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0));
}

/** The production build on the real services (own ports, BENCH_*_PORT to move them; data wiped), as the tests run it. */
export async function startStack(opts: { env?: Record<string, string>; wrap?: string[] } = {}): Promise<Stack> {
  // Always build: a stale build would measure old code. BENCH_SKIP_BUILD=1 reuses the last one (profiling the same code again).
  if (process.env.BENCH_SKIP_BUILD !== "1") {
    // `npm run build`: Next's build, then the pages' livekit-client script (lib/http/livekit-script.ts).
    const r = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit", env: childEnv({ NEXT_TELEMETRY_DISABLED: "1" }) });
    if (r.status !== 0) throw new Error("npm run build failed");
  }
  const dataDir = path.join(".data", "bench");
  // Fresh data, but keep pids/: a run that was killed leaves processes the manager must find and stop.
  for (const d of ["ferretdb", "mongo", "media"]) fs.rmSync(path.join(ROOT, dataDir, d), { recursive: true, force: true });
  const appPort = await freePort();
  const svcEnv = parseServicesConfig(childEnv({ STREAMHUB_DATA_DIR: dataDir, MONGO_PORT: process.env.BENCH_MONGO_PORT ?? "27227", LIVEKIT_PORT: process.env.BENCH_LIVEKIT_PORT ?? "8080", LIVEKIT_RTC_TCP_PORT: process.env.BENCH_LIVEKIT_TCP_PORT ?? "8081", LIVEKIT_RTC_UDP_PORT: process.env.BENCH_LIVEKIT_UDP_PORT ?? "8082", REDIS_PORT: process.env.BENCH_REDIS_PORT ?? "6590", STRIPE_MOCK_PORT: process.env.BENCH_STRIPE_PORT ?? "12411", MONGODB_URI: undefined, LIVEKIT_URL: undefined, REDIS_URL: undefined, ...ephemeralLivekitKeys() }));
  const services: RunningServices = await startServices({ env: svcEnv, appUrl: `http://127.0.0.1:${appPort}`, redis: true, stripe: true });
  // Production mode needs a mail server: sign-up verification links go to a local sink (tests/support/mail.ts reads it).
  const mail = await startMailSink();
  // Its own RTMP port: several stacks may run on one machine.
  const rtmpPort = String(await freePort());
  const env = { ...services.env, SMTP_URL: mail.smtpUrl, AUTH_SECRET: randomBytes(32).toString("hex"), HEALTH_TOKEN: randomBytes(24).toString("hex"), REGISTER_RATE_LIMIT_PER_IP: "100000", LOGIN_RATE_LIMIT_PER_IP: "100000", STREAM_CREATE_RATE_LIMIT: "100000", SOCKET_MAX_CONNECTIONS_PER_IP: "1000000", MEDIA_TOKEN_RATE_LIMIT_PER_IP: "1000000", MEDIA_TOKEN_RATE_LIMIT: "1000000", LOG_LEVEL: "warn", RTMP_PORT: rtmpPort, RTMP_INGEST_URL: `rtmp://127.0.0.1:${rtmpPort}/live`, MEDIA_DIR: path.join(ROOT, dataDir, "media"), ...opts.env };
  let app: AppProcess;
  let worker: MediaWorker | undefined;
  try {
    // The media worker (RTMP ingest, recording, HLS): /api/health is degraded without one.
    worker = await startMediaWorker({ env, dataDir });
    app = await startApp({ env, port: appPort, production: true, wrap: opts.wrap, pidFile: path.join(ROOT, dataDir, "pids", "app.pid") });
  } catch (err) {
    await worker?.stop();
    await mail.stop();
    await services.stop();
    throw err;
  }
  return {
    url: app.url,
    pid: app.child.pid ?? 0,
    env,
    mailUrl: mail.url,
    workerPid: worker.child.pid ?? 0,
    worker,
    rtmpPort: Number(rtmpPort),
    stop: async () => {
      await app.stop();
      await worker.stop();
      await mail.stop();
      await services.stop();
    },
  };
}
