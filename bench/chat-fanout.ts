import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { childEnv } from "../scripts/settings";
import { ROOT, rssTreeKb, startStack, sumOverTree } from "./harness";

/**
 * Chat fan-out: N viewers (socket.io-client, in their own process on core 1) joined to one stream; viewers
 * (not the host, who is exempt) post at rising rates through the full pipeline: auth, validation, access
 * (roles, bans, timeouts, chat modes), rate limits, moderation (slow mode of 1 s, a 200-word filter, link
 * blocking and auto-moderation), batched persistence, broadcast. The same load runs against a bare Socket.IO server (core 0, like the
 * app) in the same run. Reports, per N, the highest rate with p99 < 100 ms and nothing lost, the ratio,
 * and resident memory per connected viewer.
 */
type Result = { rate: number; sent: number; expected: number; received: number; lost: number; refused: number; p50: number; p99: number; deliveriesPerSec: number };
type Scenario = { n: number; rates: number[] };

const SCENARIOS: Scenario[] = (process.env.FANOUT_N ?? "1000,5000").split(",").map(Number).map((n) => ({ n, rates: n >= 5000 ? [5, 10, 15, 20, 30] : [50, 75, 100, 125, 150] }));
const SECONDS = Number(process.env.FANOUT_SECONDS ?? 4);
const tsx = path.join(ROOT, "node_modules/.bin/tsx");

const PROFILE_DIR = process.env.FANOUT_PROFILE_DIR;

/** The app's HEALTH_TOKEN (set by startStack): /api/health shows memory, and collects first, only with it. */
let healthToken = "";

/** Heap in use after a full GC, in bytes, read from the server under test. */
async function heapOf(url: string, mode: "ours" | "bare"): Promise<number> {
  try {
    if (mode === "bare") return Number(await (await fetch(`${url}/heap`)).text());
    const h = (await (await fetch(`${url}/api/health?gc=1`, { headers: { Authorization: `Bearer ${healthToken}` } })).json()) as { data?: { memory?: { heapUsedBytes: number } } };
    return h.data?.memory?.heapUsedBytes ?? NaN;
  } catch {
    return NaN;
  }
}

function runLoad(args: Record<string, unknown> & { url: string; mode: "ours" | "bare"; n: number }, serverPid: number): Promise<{ results: Result[]; kbPerViewer: number; heapKbPerViewer: number }> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn("taskset", ["-c", "1", tsx, path.join(ROOT, "bench/fanout-load.ts")], { env: childEnv({ FANOUT_ARGS: JSON.stringify(args) }), stdio: ["pipe", "pipe", "inherit"] });
    const results: Result[] = [];
    let kbPerViewer = NaN;
    let heapKbPerViewer = NaN;
    const before = rssTreeKb(serverPid);
    const heapBefore = heapOf(args.url, args.mode);
    let buf = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      buf += chunk.toString();
      let i;
      while ((i = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.startsWith("JOINED")) {
          setTimeout(() => {
            kbPerViewer = (rssTreeKb(serverPid) - before) / args.n;
            // Profiling (FANOUT_PROFILE_DIR): a heap snapshot with everyone connected (bench/profile-hook.mjs).
            if (PROFILE_DIR && args.mode === "ours") sumOverTree(serverPid, (p) => (process.kill(p, "SIGUSR2"), 0));
            void Promise.all([heapBefore, heapOf(args.url, args.mode)])
              .then(([b, a]) => (heapKbPerViewer = (a - b) / 1024 / args.n))
              .finally(() => child.stdin?.write("GO\n"));
          }, 2000);
        } else if (line.startsWith("{")) results.push(JSON.parse(line) as Result);
      }
    });
    child.on("exit", (code) => (code === 0 ? resolve({ results, kbPerViewer, heapKbPerViewer }) : reject(new Error(`load generator exited ${code}`))));
  });
}

function best(results: Result[]): number {
  return results.filter((r) => r.lost === 0 && r.refused === 0 && r.p99 < 100).reduce((m, r) => Math.max(m, r.rate), 0);
}

function startBare(): Promise<{ url: string; pid: number; stop: () => void }> {
  return new Promise((resolve, reject) => {
    const child = spawn("taskset", ["-c", "0", tsx, path.join(ROOT, "bench/bare-server.ts")], { stdio: ["ignore", "pipe", "inherit"], env: childEnv({ NODE_OPTIONS: "--expose-gc" }) });
    child.stdout?.on("data", (d: Buffer) => {
      const m = /READY (\d+)/.exec(d.toString());
      if (m) resolve({ url: `http://127.0.0.1:${m[1]}`, pid: child.pid ?? 0, stop: () => child.kill("SIGTERM") });
    });
    child.on("exit", (code) => reject(new Error(`bare server exited ${code}`)));
  });
}

function table(label: string, results: Result[]) {
  for (const r of results) {
    process.stdout.write(`    ${label.padEnd(5)} ${String(r.rate).padStart(4)} msg/s  delivered ${r.received}/${r.expected}  p50 ${r.p50} ms  p99 ${r.p99} ms  ${r.deliveriesPerSec} deliveries/s${r.refused ? `  refused ${r.refused}` : ""}\n`);
  }
}

/** Enough senders that none speaks twice within the slow mode's second at the highest rate. */
const SENDERS = 200;
/** FANOUT_PLAIN=1: the host speaks (exempt from every moderation check), for an A/B of the checks' cost. */
const PLAIN = process.env.FANOUT_PLAIN === "1";
/** The channel's rules during the run: every check on, a word list of realistic size. */
const MODERATION = { slowMode: 1, autoModeration: true, blockLinks: true, bannedWords: Array.from({ length: 200 }, (_, i) => `blocked${i.toString(36)}word`) };

async function register(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/register`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username, email: `${username}@bench.test`, password: "bench-password" }) });
  const body = (await res.json()) as { data?: { token: string } };
  if (!body.data) throw new Error(`register ${username}: ${res.status} ${JSON.stringify(body)}`);
  return body.data.token;
}

export async function benchChatFanout(): Promise<void> {
  const stack = await startStack({
    wrap: ["taskset", "-c", "0"],
    // FANOUT_PROFILE_DIR: the app writes a CPU profile there, and a heap snapshot with every viewer connected (bench/profile-hook.mjs).
    env: { CHAT_RATE_LIMIT: "1000000", SOCKET_EVENTS_PER_SECOND: "100000", LOG_LEVEL: "error", NODE_OPTIONS: `--expose-gc${PROFILE_DIR ? ` --import=${path.join(ROOT, "bench/profile-hook.mjs")}` : ""}`, ...(PROFILE_DIR ? { FANOUT_PROFILE_DIR: PROFILE_DIR } : {}) },
  });
  healthToken = stack.env.HEALTH_TOKEN ?? "";
  const bare = await startBare();
  try {
    const username = `fan_${randomBytes(3).toString("hex")}`;
    const token = await register(stack.url, username);
    const senders: string[] = [];
    for (let i = 0; i < SENDERS; i += 20) senders.push(...(await Promise.all(Array.from({ length: 20 }, (_, j) => register(stack.url, `${username}_s${i + j}`)))));
    process.stdout.write(`\nchat fan-out, ${SECONDS} s per rate (server on core 0, load generator on core 1)\n`);
    for (const sc of SCENARIOS) {
      const created = (await (await fetch(`${stack.url}/api/livestream/create`, { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` }, body: JSON.stringify({ title: `fanout ${sc.n}`, category: "talk" }) })).json()) as { data: { streamId: string } };
      const rules = PLAIN ? { ok: true, status: 200, text: async () => "" } : await fetch(`${stack.url}/api/livestream/${created.data.streamId}/moderation`, { method: "PATCH", headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` }, body: JSON.stringify(MODERATION) });
      if (!rules.ok) throw new Error(`moderation settings: ${rules.status} ${await rules.text()}`);
      const ours = await runLoad({ url: stack.url, mode: "ours", streamId: created.data.streamId, tokens: PLAIN ? [token] : senders, n: sc.n, rates: sc.rates, seconds: SECONDS }, stack.pid);
      const base = await runLoad({ url: bare.url, mode: "bare", streamId: `room-${sc.n}`, tokens: [], n: sc.n, rates: sc.rates, seconds: SECONDS }, bare.pid);
      process.stdout.write(`  N = ${sc.n}\n`);
      table("ours", ours.results);
      table("bare", base.results);
      const [bo, bb] = [best(ours.results), best(base.results)];
      process.stdout.write(`    highest rate with p99 < 100 ms and nothing lost: ours ${bo} msg/s, bare ${bb} msg/s → ratio ${bb ? (bo / bb).toFixed(2) : "n/a"} (target ≥ 0.80)\n`);
      process.stdout.write(`    heap per viewer after GC: ours ${ours.heapKbPerViewer.toFixed(1)} kB, bare ${base.heapKbPerViewer.toFixed(1)} kB (target ≤ 10 kB); resident: ours ${ours.kbPerViewer.toFixed(1)} kB, bare ${base.kbPerViewer.toFixed(1)} kB\n`);
    }
  } finally {
    bare.stop();
    await stack.stop();
  }
}
