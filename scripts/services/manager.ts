import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { childEnv, type ServicesEnv } from "../settings";
import { killStale, launch, onPath, portOpen, terminate, waitFor, type Managed } from "./process";

const ROOT = path.resolve(import.meta.dirname, "../..");

function versions(): Record<string, string> {
  const text = fs.readFileSync(path.join(ROOT, "scripts/services/versions.env"), "utf8");
  return Object.fromEntries(text.split("\n").filter((l) => /^\w+=/.test(l)).map((l) => l.split("=") as [string, string]));
}

export type ServicesOptions = {
  env: ServicesEnv;
  /** The app's base URL, for LiveKit's webhooks. */
  appUrl: string;
  redis?: boolean;
  /** Start stripe-mock and point the app at it (default: WITH_STRIPE_MOCK, unless a real STRIPE_SECRET_KEY is set). */
  stripe?: boolean;
  log?: (msg: string) => void;
};

/** The key the app uses against stripe-mock, which accepts any well-formed test key. */
export const STRIPE_MOCK_KEY = "sk_test_streamhubStripeMock";
/** The webhook secret of development against stripe-mock (no real money); tests use a random one. */
export const STRIPE_MOCK_WEBHOOK_SECRET = "whsec_streamhub_development_only";

export type RunningServices = {
  /** Environment for the app: MONGODB_URI, LIVEKIT_URL/KEY/SECRET, REDIS_URL, and with stripe-mock STRIPE_API_URL and test keys. */
  env: Record<string, string>;
  stop: () => Promise<void>;
  /**
   * The local LiveKit, when this manager started one: fault tests stop it (SIGKILL for a crash, SIGTERM for a
   * shutdown) and start it again on the same ports, as a restart would.
   */
  livekit?: { stop: (signal?: NodeJS.Signals) => Promise<void>; start: () => Promise<void> };
};

function cacheDir(env: ServicesEnv): string {
  return env.STREAMHUB_CACHE ?? path.join(env.HOME || os.homedir(), ".cache", "streamhub");
}

/** Runs scripts/provision.sh for a target; it installs at the pinned version or fails naming what is missing. */
function provision(target: string, env: ServicesEnv, log: (m: string) => void): void {
  log(`provisioning ${target} (cached under ${cacheDir(env)})`);
  const r = spawnSync("bash", [path.join(ROOT, "scripts/provision.sh"), target], { stdio: "inherit", env: childEnv({ STREAMHUB_CACHE: cacheDir(env) }) });
  if (r.status !== 0) throw new Error(`provisioning ${target} failed (exit ${r.status}); run: bash scripts/provision.sh ${target}`);
}

function cachedBinary(env: ServicesEnv, dir: string, name: string, target: string, log: (m: string) => void): string {
  const bin = path.join(cacheDir(env), dir, name);
  if (!fs.existsSync(bin)) provision(target, env, log);
  if (!fs.existsSync(bin)) throw new Error(`${name} missing after provisioning; run: bash scripts/provision.sh ${target}`);
  return bin;
}

/** Renders livekit.yaml with this run's ports and webhook URL; keys travel in LIVEKIT_KEYS, never in a file. */
function livekitConfigBody(env: ServicesEnv, appUrl: string): string {
  return fs
    .readFileSync(path.join(ROOT, "livekit.yaml"), "utf8")
    .replace(/^port: \d+$/m, `port: ${env.LIVEKIT_PORT}`)
    .replace(/^(\s+tcp_port:) \d+$/m, `$1 ${env.LIVEKIT_RTC_TCP_PORT}`)
    .replace(/^(\s+udp_port:) \d+$/m, `$1 ${env.LIVEKIT_RTC_UDP_PORT}`)
    .replace(/^(\s+api_key:) .+$/m, `$1 ${env.LIVEKIT_API_KEY}`)
    .replace(/^(\s+- )http:\/\/\S+\/api\/livekit\/webhook$/m, `$1${appUrl}/api/livekit/webhook`);
}

/**
 * Starts MongoDB (or FerretDB), LiveKit and optionally Redis and stripe-mock on loopback, waits until each is healthy and
 * returns the environment the app needs. Idempotent: a leftover process of an earlier run is stopped first.
 */
export async function startServices(opts: ServicesOptions): Promise<RunningServices> {
  const { env } = opts;
  const log = opts.log ?? ((m: string) => process.stderr.write(`[services] ${m}\n`));
  const data = path.resolve(ROOT, env.STREAMHUB_DATA_DIR);
  const logs = path.join(data, "logs");
  const pids = path.join(data, "pids");
  fs.mkdirSync(logs, { recursive: true });
  fs.mkdirSync(pids, { recursive: true });
  const v = versions();
  const started: Managed[] = [];
  const out: Record<string, string> = {};
  const timeout = env.SERVICES_START_TIMEOUT_MS;

  const stop = async () => {
    await Promise.all(started.splice(0).reverse().map((m) => terminate(m)));
  };
  let livekit: RunningServices["livekit"];

  try {
    // --- MongoDB: an external URI, a local mongod, or FerretDB on SQLite.
    if (env.MONGODB_URI) {
      out.MONGODB_URI = env.MONGODB_URI;
      log(`using MongoDB at MONGODB_URI`);
    } else {
      const port = env.MONGO_PORT;
      const mongod = onPath("mongod");
      const dbDir = path.join(data, mongod ? "mongo" : "ferretdb");
      fs.mkdirSync(dbDir, { recursive: true });
      const bin = mongod ?? cachedBinary(env, `ferretdb-${v.FERRETDB_VERSION}`, "ferretdb", "ferretdb", log);
      const args = mongod
        ? ["--dbpath", dbDir, "--port", String(port), "--bind_ip", "127.0.0.1", "--quiet"]
        : ["--handler=sqlite", `--sqlite-url=file:${dbDir}/`, `--listen-addr=127.0.0.1:${port}`, "--state-dir=-", "--debug-addr=-", "--telemetry=disable", "--log-level=warn"];
      const pidFile = path.join(pids, "mongo.pid");
      await killStale(pidFile, bin);
      if (await portOpen(port)) throw new Error(`port ${port} is taken by another program; set MONGO_PORT to a free port`);
      const logFile = path.join(logs, "mongo.log");
      const m = launch(mongod ? "mongod" : "ferretdb", bin, args, { env: childEnv({}), logFile, pidFile });
      started.push(m);
      await waitFor(m.name, () => portOpen(port), timeout, logFile, m.child);
      out.MONGODB_URI = `mongodb://127.0.0.1:${port}/streamhub`;
      log(`${m.name} ready on 127.0.0.1:${port}`);
    }

    // --- Redis, when asked for and not given.
    const wantRedis = opts.redis ?? env.WITH_REDIS;
    if (env.REDIS_URL) out.REDIS_URL = env.REDIS_URL;
    else if (wantRedis) {
      if (!onPath("redis-server")) provision("apt", env, log);
      const bin = onPath("redis-server");
      if (!bin) throw new Error("redis-server not found; install it: apt-get install redis-server");
      const port = env.REDIS_PORT;
      const pidFile = path.join(pids, "redis.pid");
      await killStale(pidFile, bin);
      if (await portOpen(port)) throw new Error(`port ${port} is taken by another program; set REDIS_PORT to a free port`);
      const logFile = path.join(logs, "redis.log");
      const m = launch("redis", bin, ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no", "--dir", data, "--enable-debug-command", "local"], { env: childEnv({}), logFile, pidFile });
      started.push(m);
      await waitFor("redis", () => portOpen(port), timeout, logFile, m.child);
      out.REDIS_URL = `redis://127.0.0.1:${port}`;
      log(`redis ready on 127.0.0.1:${port}`);
    }

    // --- LiveKit SFU.
    out.LIVEKIT_API_KEY = env.LIVEKIT_API_KEY;
    out.LIVEKIT_API_SECRET = env.LIVEKIT_API_SECRET;
    if (env.LIVEKIT_URL) {
      out.LIVEKIT_URL = env.LIVEKIT_URL;
      log("using LiveKit at LIVEKIT_URL");
    } else {
      const bin = cachedBinary(env, `livekit-${v.LIVEKIT_VERSION}`, "livekit-server", "livekit", log);
      const port = env.LIVEKIT_PORT;
      const pidFile = path.join(pids, "livekit.pid");
      await killStale(pidFile, bin);
      for (const p of [port, env.LIVEKIT_RTC_TCP_PORT]) {
        if (await portOpen(p)) throw new Error(`port ${p} is taken by another program; set LIVEKIT_PORT / LIVEKIT_RTC_TCP_PORT to free ports`);
      }
      const logFile = path.join(logs, "livekit.log");
      const lkEnv = childEnv({ LIVEKIT_KEYS: `${env.LIVEKIT_API_KEY}: ${env.LIVEKIT_API_SECRET}`, LIVEKIT_CONFIG: undefined, LIVEKIT_PORT: undefined, LIVEKIT_URL: undefined });
      const args = ["--config-body", livekitConfigBody(env, opts.appUrl)];
      let current: Managed | null = null;
      const startLivekit = async () => {
        // A single local LiveKit node needs no Redis (multi-node deployments give it one: docker-compose.yml).
        const m = launch("livekit", bin, args, { env: lkEnv, logFile, pidFile });
        started.push(m);
        current = m;
        await waitFor("livekit", async () => (await fetch(`http://127.0.0.1:${port}/`)).ok, timeout, logFile, m.child);
      };
      await startLivekit();
      livekit = {
        start: startLivekit,
        stop: async (signal = "SIGTERM") => {
          const m = current;
          if (!m) return;
          current = null;
          started.splice(started.indexOf(m), 1);
          if (m.child.exitCode === null && m.child.signalCode === null) {
            const exited = new Promise<void>((r) => m.child.once("exit", () => r()));
            m.child.kill(signal);
            const force = setTimeout(() => m.child.kill("SIGKILL"), 10_000);
            await exited;
            clearTimeout(force);
          }
          fs.rmSync(pidFile, { force: true });
        },
      };
      out.LIVEKIT_URL = `ws://127.0.0.1:${port}`;
      log(`livekit ready on 127.0.0.1:${port}`);
    }

    // --- stripe-mock: Stripe's API stand-in (stateless fixtures; it sends no webhooks).
    if (opts.stripe ?? (env.WITH_STRIPE_MOCK && !env.STRIPE_SECRET_KEY)) {
      const bin = cachedBinary(env, `stripe-mock-${v.STRIPE_MOCK_VERSION}`, "stripe-mock", "stripe-mock", log);
      const port = env.STRIPE_MOCK_PORT;
      const pidFile = path.join(pids, "stripe-mock.pid");
      await killStale(pidFile, bin);
      if (await portOpen(port)) throw new Error(`port ${port} is taken by another program; set STRIPE_MOCK_PORT to a free port`);
      const logFile = path.join(logs, "stripe-mock.log");
      // HTTP on loopback; its HTTPS listener (on by default, on every interface's 12112, which parallel runs
      // would fight over) goes to a unix socket in the data folder instead.
      const httpsSocket = path.join(data, "stripe-mock-https.sock");
      fs.rmSync(httpsSocket, { force: true });
      const m = launch("stripe-mock", bin, ["-http-addr", `127.0.0.1:${port}`, "-https-unix", httpsSocket], { env: childEnv({}), logFile, pidFile });
      started.push(m);
      const url = `http://127.0.0.1:${port}`;
      await waitFor("stripe-mock", async () => (await fetch(`${url}/v1/balance`, { headers: { Authorization: `Bearer ${STRIPE_MOCK_KEY}` } })).ok, timeout, logFile, m.child);
      out.STRIPE_API_URL = url;
      out.STRIPE_SECRET_KEY = STRIPE_MOCK_KEY;
      out.STRIPE_WEBHOOK_SECRET = env.STRIPE_WEBHOOK_SECRET ?? STRIPE_MOCK_WEBHOOK_SECRET;
      log(`stripe-mock ready on ${url}`);
    }
  } catch (err) {
    await stop();
    throw err;
  }

  return { env: out, stop, livekit };
}
