import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { confirmEmail } from "../tests/support/mail";
import { CATEGORY_IDS } from "../lib/streams/categories";
import { ROOT, freePort, startStack, stats, type Stack } from "./harness";

/**
 * Discovery API throughput: `GET /api/livestream/trending` and `/search` at 100 concurrent connections
 * (autocannon, in its own process on core 1) against the production app (core 0) with a few hundred seeded
 * streams — live, scheduled and ended, public, paid, unlisted and private, in every category, with tags. The
 * baseline, in the same run and on the same core: a bare Node `http` handler answering the very bytes the app
 * answered (same size, same JSON). Runs alternate app and bare; each prints requests/s and latency p50/p99.
 */
const CONNECTIONS = 100;
const RUNS = Number(process.env.DISCOVERY_RUNS ?? 3);
const SECONDS = Number(process.env.DISCOVERY_SECONDS ?? 8);
const HOSTS = Number(process.env.DISCOVERY_HOSTS ?? 60);
const PROFILE_DIR = process.env.DISCOVERY_PROFILE_DIR;
const TAGS = ["speedrun", "chill", "coding", "rust", "typescript", "watercolour", "acoustic", "yoga", "chess", "retro", "cosy", "live-music", "q-and-a", "beginner", "pro"];
const WORDS = ["building", "late", "night", "practice", "friday", "session", "workshop", "marathon", "review", "tournament", "tutorial", "jam", "community", "ranked", "morning"];
const TYPES = ["public", "public", "public", "public", "paid", "unlisted", "followers_only", "subscribers_only"] as const;

type Envelope<T> = { success: boolean; data: T; error?: unknown };

async function api<T>(base: string, method: string, p: string, body?: unknown, token?: string): Promise<T> {
  const res = await fetch(`${base}${p}`, { method, headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await res.json()) as Envelope<T>;
  if (!json.success) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json.error)}`);
  return json.data;
}

const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length] as T;

/** One host: an ended stream, one on air (now and then unlisted or private), three scheduled. */
async function seedHost(stack: Stack, i: number): Promise<void> {
  const username = `disc_${process.pid}_${i}`;
  const { token } = await api<{ token: string }>(stack.url, "POST", "/api/auth/register", { username, email: `${username}@bench.test`, password: "bench-password" });
  await confirmEmail(`${username}@bench.test`, { sink: stack.mailUrl });
  const stream = async (n: number, extra: Record<string, unknown> = {}) => {
    const streamType = pick(TYPES, i * 5 + n);
    const body = { title: `${pick(WORDS, i + n)} ${pick(WORDS, i * 3 + n)} ${pick(TAGS, i + 2 * n)} ${i}`, description: `${pick(WORDS, i * 7 + n)} with ${pick(TAGS, i * 11 + n)} and chat`, category: pick(CATEGORY_IDS, i * 5 + n), tags: [pick(TAGS, i + n), pick(TAGS, i * 2 + n + 1)], streamType, ...(streamType === "paid" ? { ticketPrice: 4.99 } : {}), ...extra };
    return (await api<{ streamId: string }>(stack.url, "POST", "/api/livestream/create", body, token)).streamId;
  };
  const ended = await stream(0);
  await api(stack.url, "POST", `/api/livestream/${ended}/start`, {}, token);
  await api(stack.url, "POST", `/api/livestream/${ended}/end`, {}, token);
  const live = await stream(1);
  await api(stack.url, "POST", `/api/livestream/${live}/start`, {}, token);
  for (let n = 2; n < 5; n++) await stream(n, { scheduledFor: new Date(Date.now() + (i * 5 + n) * 600_000).toISOString() });
}

/** `cpu`: the generator's own CPU over the run, as a share of its core (near 1: it, not the server, was the limit). */
type Cannon = { rps: number; p50: number; p99: number; non2xx: number; errors: number; timeouts: number; cpu: number };

/** autocannon on core 1 (its own process: the generator must not share the server's core), reporting its own CPU. */
async function cannon(url: string): Promise<Cannon> {
  const lib = path.join(ROOT, "node_modules/autocannon");
  const src =
    `const t0=process.cpuUsage(),w0=process.hrtime.bigint();require(${JSON.stringify(lib)})({url:${JSON.stringify(url)},connections:${CONNECTIONS},duration:${SECONDS}},(err,r)=>{` +
    `if(err)throw err;const c=process.cpuUsage(t0);const wall=Number(process.hrtime.bigint()-w0)/1e3;` +
    `console.log(JSON.stringify({rps:r.requests.average,p50:r.latency.p50,p99:r.latency.p99,non2xx:r.non2xx,errors:r.errors,timeouts:r.timeouts,cpu:(c.user+c.system)/wall}))})`;
  const [cmd, argv] = os.cpus().length > 1 ? ["taskset", ["-c", "1", process.execPath, "-e", src]] : [process.execPath, ["-e", src]];
  const child = spawn(cmd, argv, { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => void (out += d.toString()));
  await new Promise((r) => child.once("exit", r));
  return JSON.parse(out) as Cannon;
}

/** The baseline: bare `http` on core 0, answering each path with the bytes the app gave for it. */
async function bareServer(bodies: Record<string, string>): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const file = path.join(os.tmpdir(), `discovery-bodies-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(bodies));
  const src = `const http=require("node:http");const b=JSON.parse(require("node:fs").readFileSync(${JSON.stringify(file)},"utf8"));` + `http.createServer((req,res)=>{const body=b[req.url.split("?")[0]]??"{}";res.writeHead(200,{"Content-Type":"application/json; charset=utf-8"});res.end(body)}).listen(${port},"127.0.0.1",()=>console.log("ready"))`;
  const [cmd, argv] = os.cpus().length > 1 ? ["taskset", ["-c", "0", process.execPath, "-e", src]] : [process.execPath, ["-e", src]];
  const child = spawn(cmd, argv, { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((r) => child.stdout.once("data", () => r()));
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

const f0 = (x: number) => Math.round(x).toLocaleString("en");

/** `npm run bench discovery` */
export async function benchDiscovery(): Promise<void> {
  // DISCOVERY_PROFILE_DIR: the app writes CPU profiles there (bench/profile-hook.mjs, a slice every DISCOVERY_PROFILE_SLICE_S);
  // `tsx bench/profile-summary.ts <file>` lists self time by function.
  const profile: Record<string, string> = PROFILE_DIR ? { NODE_OPTIONS: `--import=${path.join(ROOT, "bench/profile-hook.mjs")}`, FANOUT_PROFILE_DIR: PROFILE_DIR, FANOUT_PROFILE_SLICE_S: process.env.DISCOVERY_PROFILE_SLICE_S ?? "30" } : {};
  const stack = await startStack({ wrap: os.cpus().length > 1 ? ["taskset", "-c", "0"] : [], env: profile });
  try {
    const t0 = Date.now();
    for (let i = 0; i < HOSTS; i += 10) await Promise.all(Array.from({ length: Math.min(10, HOSTS - i) }, (_, j) => seedHost(stack, i + j)));
    const paths = { trending: "/api/livestream/trending?limit=20", search: "/api/livestream/search?q=chill&limit=20" };
    const bodies: Record<string, string> = {};
    for (const [name, p] of Object.entries(paths)) bodies[`/${name}`] = await (await fetch(`${stack.url}${p}`)).text();
    const counts = JSON.parse(bodies["/trending"] ?? "{}") as Envelope<{ streams: unknown[] }>;
    const found = JSON.parse(bodies["/search"] ?? "{}") as Envelope<{ streams: unknown[] }>;
    process.stdout.write(
      `\nDiscovery API — ${HOSTS * 5} streams seeded in ${((Date.now() - t0) / 1000).toFixed(0)} s (${HOSTS} live, ${HOSTS} ended, ${HOSTS * 3} scheduled; a quarter unlisted or private); ` +
        `${CONNECTIONS} connections, ${SECONDS} s per run, ${RUNS} runs; app and bare server on core 0, autocannon on core 1\n` +
        `  bodies: trending ${counts.data.streams.length} streams, ${f0(Buffer.byteLength(bodies["/trending"] ?? ""))} bytes; search ${found.data.streams.length} streams, ${f0(Buffer.byteLength(bodies["/search"] ?? ""))} bytes\n`,
    );
    const bare = await bareServer(bodies);
    try {
      for (const [name, p] of Object.entries(paths)) {
        await cannon(`${stack.url}${p}`); // warm-up: JIT, caches
        const app: Cannon[] = [];
        const base: Cannon[] = [];
        for (let r = 0; r < RUNS; r++) {
          base.push(await cannon(`${bare.url}/${name}`));
          app.push(await cannon(`${stack.url}${p}`));
        }
        const ratio = stats(app.map((a, i) => a.rps / (base[i]?.rps ?? NaN)));
        const line = (label: string, xs: Cannon[]) => {
          const rps = stats(xs.map((x) => x.rps));
          const p99 = stats(xs.map((x) => x.p99));
          const bad = xs.reduce((n, x) => n + x.non2xx + x.errors + x.timeouts, 0);
          const cpu = stats(xs.map((x) => x.cpu * 100));
          return `    ${label.padEnd(5)} ${f0(rps.median)} req/s (${f0(rps.min)}–${f0(rps.max)})  p50 ${stats(xs.map((x) => x.p50)).median} ms  p99 ${p99.median} ms (${p99.min}–${p99.max})  generator CPU ${f0(cpu.median)} % (max ${f0(cpu.max)} %)${bad ? `  FAILED ${bad}` : ""}\n`;
        };
        process.stdout.write(`  ${name}\n${line("app", app)}${line("bare", base)}    ratio app/bare ${ratio.median.toFixed(2)} (${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)})  [target ≥ 0.5, app p99 < 50 ms]\n`);
      }
    } finally {
      bare.stop();
    }
  } finally {
    await stack.stop();
  }
}
