import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { childEnv } from "../scripts/settings";
import { ROOT, rssTreeKb, startStack, stats, sumOverTree } from "./harness";

/**
 * Chat fan-out: N viewers (socket.io-client, in their own process on core 1) joined to one stream; viewers
 * (not the host, who is exempt) post through the full pipeline: auth, validation, access (roles, bans,
 * timeouts, chat modes), rate limits, moderation (slow mode of 1 s, a 200-word filter, link blocking and
 * auto-moderation), batched persistence, broadcast. Three audiences, each its own generator process, measured
 * in turns within every run: `ours` — viewers that opt in to frames (`auth.batch = 1`, as the SDK does);
 * `plain` — viewers without opt-in (a spec client: one event per message); `bare` — a bare Socket.IO server
 * (core 0, like the app) doing `io.to(room).emit`. Each run searches each one's highest clean rate (p99 <
 * 100 ms, nothing lost or refused): up by ×1.5 while clean, then halving the gap to within 10 %. Prints every
 * step (with the generator's own CPU), the median and spread of the runs, the ratios, and memory per viewer.
 */
type Result = { serverCpuMs: number; rate: number; sent: number; expected: number; received: number; lost: number; refused: number; refusedBy?: Record<string, number>; p50: number; p99: number; deliveriesPerSec: number; framesPerSec: number; genCpu: number; sendLagMs: number; closed: number };
type Audience = { label: "ours" | "plain" | "bare"; mode: "ours" | "bare"; batch: boolean };

const AUDIENCES: Audience[] = [
  { label: "ours", mode: "ours", batch: true },
  { label: "plain", mode: "ours", batch: false },
  { label: "bare", mode: "bare", batch: false },
];
/** FANOUT_HEAP_ONLY=1: only join each audience's N viewers and print heap and resident memory per viewer (no senders, no rate search: about a minute). */
const HEAP_ONLY = process.env.FANOUT_HEAP_ONLY === "1";
const NS = (process.env.FANOUT_N ?? (HEAP_ONLY ? "1000" : "1000,5000")).split(",").map(Number);
const SECONDS = Number(process.env.FANOUT_SECONDS ?? 4);
const RUNS = Number(process.env.FANOUT_RUNS ?? 3);
const tsx = path.join(ROOT, "node_modules/.bin/tsx");
const PROFILE_DIR = process.env.FANOUT_PROFILE_DIR;
/** Enough senders that none speaks twice within the slow mode's second: the pipeline's rate is capped at 80 % of this many msg/s (a sender's timer may fire a little early). */
const SENDERS = HEAP_ONLY ? 0 : Number(process.env.FANOUT_SENDERS ?? 400);
/** FANOUT_PLAIN=1: the host speaks (exempt from every moderation check), for an A/B of the checks' cost. */
const PLAIN = process.env.FANOUT_PLAIN === "1";
/** The channel's rules during the run: every check on, a word list of realistic size. */
const MODERATION = { slowMode: 1, autoModeration: true, blockLinks: true, bannedWords: Array.from({ length: 200 }, (_, i) => `blocked${i.toString(36)}word`) };

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

/**
 * The heap after a full GC once it has stopped falling: a crowd that just left is still being let go for a
 * while (closing sockets, presence and slot bookkeeping), and a reading taken meanwhile would charge the
 * next crowd less than it costs. Readings 2 s apart until two agree within 64 kB, for 60 s at most.
 */
async function settledHeapOf(url: string, mode: "ours" | "bare"): Promise<number> {
  let last = await heapOf(url, mode);
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => setTimeout(r, 2000));
    const now = await heapOf(url, mode);
    if (!Number.isFinite(now) || Math.abs(now - last) < 64 * 1024) return now;
    last = now;
  }
  return last;
}

/** The audiences whose server already wrote its heap snapshot (one each, with the first crowd). */
const snapped = new Set<string>();

/** One audience's load generator: its viewers stay connected through every run; the parent asks for one step at a time. */
class Generator {
  private child!: ChildProcess;
  private waiting: ((line: string) => void)[] = [];
  private lines: string[] = [];
  kbPerViewer = NaN;
  heapKbPerViewer = NaN;
  joinMsPerViewer = NaN;

  constructor(readonly audience: Audience) {}

  private serverPid = 0;

  async start(args: Record<string, unknown> & { url: string; n: number }, serverPid: number): Promise<void> {
    this.serverPid = serverPid;
    // Profiling (FANOUT_PROFILE_DIR): heap snapshots of the server before and with every viewer connected
    // (bench/profile-hook.mjs for the app; --heapsnapshot-signal for bare), once per audience; bench/heap-diff.ts compares them.
    const snap = PROFILE_DIR && args.n === NS[0] && !snapped.has(this.audience.label) && this.audience.label !== "plain" && snapped.add(this.audience.label);
    if (snap) this.snapshot();
    const before = rssTreeKb(serverPid);
    const heapBefore = await settledHeapOf(args.url, this.audience.mode);
    this.child = spawn("taskset", ["-c", "1", tsx, path.join(ROOT, "bench/fanout-load.ts")], { env: childEnv({ FANOUT_ARGS: JSON.stringify({ ...args, mode: this.audience.mode, batch: this.audience.batch, seconds: SECONDS }) }), stdio: ["pipe", "pipe", "inherit"] });
    let buf = "";
    this.child.stdout?.on("data", (chunk: Buffer) => {
      buf += chunk.toString();
      let i;
      while ((i = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        const w = this.waiting.shift();
        if (w) w(line);
        else this.lines.push(line);
      }
    });
    this.child.on("exit", (code) => code && this.waiting.splice(0).forEach((w) => w(`EXIT ${code}`)));
    const joined = await this.line();
    if (!joined.startsWith("JOINED")) throw new Error(`load generator: ${joined}`);
    const j = JSON.parse(joined.split(" ").slice(2).join(" ") || "{}") as { totalMs?: number; p50?: number; p99?: number; max?: number };
    this.joinMsPerViewer = (j.totalMs ?? NaN) / args.n;
    process.stdout.write(`    ${this.audience.label}: ${args.n} viewers joined in ${fmt((j.totalMs ?? NaN) / 1000)} s (${fmt(this.joinMsPerViewer)} ms per viewer; one join p50 ${j.p50} ms, p99 ${j.p99} ms, max ${j.max} ms)\n`);
    await new Promise((r) => setTimeout(r, 2000));
    this.kbPerViewer = (rssTreeKb(serverPid) - before) / args.n;
    this.heapKbPerViewer = ((await settledHeapOf(args.url, this.audience.mode)) - heapBefore) / 1024 / args.n;
    if (snap) this.snapshot();
    this.child.stdin?.write("GO\n");
    const ready = await this.line();
    if (ready !== "READY") throw new Error(`load generator: ${ready}`);
  }

  /** Asks the server for a heap snapshot (written synchronously: its next answer comes after it). */
  private snapshot(): void {
    if (this.audience.mode === "ours") process.kill(Number(fs.readFileSync(path.join(PROFILE_DIR!, "app.pid"), "utf8")), "SIGUSR2");
    // The bare server's launcher (tsx) gets it too and writes a small snapshot of its own.
    else sumOverTree(this.serverPid, (p) => (process.kill(p, "SIGUSR2"), 0));
  }

  private line(): Promise<string> {
    const l = this.lines.shift();
    return l !== undefined ? Promise.resolve(l) : new Promise((r) => this.waiting.push(r));
  }

  async rate(r: number): Promise<Result> {
    const cpu0 = cpuMsOf(this.serverPid);
    this.child.stdin?.write(`RATE ${r}\n`);
    const line = await this.line();
    if (!line.startsWith("{")) throw new Error(`load generator: ${line}`);
    return { ...(JSON.parse(line) as Result), serverCpuMs: cpuMsOf(this.serverPid) - cpu0 };
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once("exit", () => resolve());
      this.child.stdin?.write("END\n");
    });
  }
}

/**
 * CPU time (user + system, ms) the server's process tree has used so far, from /proc: the server's cost per
 * delivery does not depend on what else runs on the machine, where latency does.
 */
function cpuMsOf(pid: number): number {
  const ticks = sumOverTree(pid, (p) => {
    const stat = fs.readFileSync(`/proc/${p}/stat`, "utf8");
    // After "(comm)": state is field 3, so utime (14) and stime (15) are at 11 and 12.
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(f[11]) + Number(f[12]);
  });
  return ticks * 10; // USER_HZ is 100 on Linux
}
const perKilo = (r: Result) => (r.received ? (r.serverCpuMs / r.received) * 1000 : NaN);

const clean = (r: Result) => r.lost === 0 && r.refused === 0 && r.p99 < 100 && !r.closed;

/**
 * The highest clean rate, to within 10 %: from `start`, up by ×1.5 while clean (to `cap`), down by ×1.5
 * while not; then the gap between the last clean rate and the first unclean one is halved (geometrically).
 * One step never decides the figure alone: the neighbours on both sides were measured.
 */
async function search(gen: Generator, start: number, cap: number, steps: Result[]): Promise<number> {
  const run = async (r: number) => {
    const res = await gen.rate(r);
    steps.push(res);
    return clean(res);
  };
  let lo = 0;
  let hi = Infinity;
  for (let r = start; ; ) {
    if (await run(r)) {
      lo = r;
      if (r >= cap) return lo;
      r = Math.min(cap, Math.round(r * 1.5));
    } else {
      hi = r;
      break;
    }
  }
  for (let r = Math.floor(hi / 1.5); lo === 0 && r >= 1; r = Math.floor(r / 1.5)) {
    if (await run(r)) lo = r;
    else hi = r;
  }
  while (lo > 0 && hi / lo > 1.1) {
    const mid = Math.round(Math.sqrt(lo * hi));
    if (mid <= lo || mid >= hi) break;
    if (await run(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

function startBare(): Promise<{ url: string; pid: number; stop: () => void }> {
  return new Promise((resolve, reject) => {
    const child = spawn("taskset", ["-c", "0", tsx, path.join(ROOT, "bench/bare-server.ts")], { stdio: ["ignore", "pipe", "inherit"], env: childEnv({ NODE_OPTIONS: `--expose-gc${PROFILE_DIR ? ` --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${PROFILE_DIR}` : ""}` }) });
    child.stdout?.on("data", (d: Buffer) => {
      const m = /READY (\d+)/.exec(d.toString());
      if (m) resolve({ url: `http://127.0.0.1:${m[1]}`, pid: child.pid ?? 0, stop: () => child.kill("SIGTERM") });
    });
    child.on("exit", (code) => reject(new Error(`bare server exited ${code}`)));
  });
}

function table(label: string, results: Result[]) {
  for (const r of results) {
    process.stdout.write(`      ${label.padEnd(5)} ${String(r.rate).padStart(4)} msg/s  delivered ${r.received}/${r.expected}  p50 ${r.p50} ms  p99 ${r.p99} ms  ${r.deliveriesPerSec} deliveries/s  ${r.framesPerSec} frames/s  generator CPU ${r.genCpu} %  server CPU ${fmt(perKilo(r))} ms per 1,000 deliveries${r.refused ? `  refused ${r.refused} (${Object.entries(r.refusedBy ?? {}).map(([c, n]) => `${c} ${n}`).join(", ")})` : ""}${r.closed ? `  viewers dropped by the server so far ${r.closed}` : ""}${clean(r) ? "" : "  ✗"}\n`);
  }
}

async function register(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/register`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username, email: `${username}@bench.test`, password: "bench-password" }) });
  const body = (await res.json()) as { data?: { token: string } };
  if (!body.data) throw new Error(`register ${username}: ${res.status} ${JSON.stringify(body)}`);
  return body.data.token;
}

const spread = (xs: number[]) => {
  const s = stats(xs.filter(Number.isFinite));
  return `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;
};
const fmt = (x: number) => (Number.isFinite(x) ? (Math.abs(x) < 10 && !Number.isInteger(x) ? x.toFixed(2) : String(Math.round(x))) : "n/a");

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
    for (let i = 0; i < SENDERS; i += 20) senders.push(...(await Promise.all(Array.from({ length: Math.min(20, SENDERS - i) }, (_, j) => register(stack.url, `${username}_s${i + j}`)))));
    const cap = PLAIN ? 2000 : Math.floor((0.8 * SENDERS) / MODERATION.slowMode);
    process.stdout.write(`\nchat fan-out, ${SECONDS} s per step, ${RUNS} runs (server on core 0, load generators on core 1); ours = viewers that opt in to frames (the SDK), plain = spec clients without opt-in, bare = io.to(room).emit; the pipeline is capped at ${cap} msg/s by its ${SENDERS} senders and slow mode\n`);
    // A first crowd joins and leaves before any memory reading: the app's one-time growth (JIT, pools, caches)
    // would otherwise be charged to the first audience's viewers.
    {
      const warm = new Generator({ label: "plain", mode: "ours", batch: false });
      const created = (await (await fetch(`${stack.url}/api/livestream/create`, { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` }, body: JSON.stringify({ title: "fanout warm-up", category: "talk" }) })).json()) as { data: { streamId: string } };
      await warm.start({ url: stack.url, streamId: created.data.streamId, tokens: [token], n: Math.min(1000, NS[0] ?? 1000) }, stack.pid);
      await warm.stop();
    }
    // Heap only: each N measured RUNS times over (fresh streams and viewers each time), then summarised.
    const heapRuns: Record<string, number[]> = { ours: [], plain: [], bare: [], oursRss: [], plainRss: [], bareRss: [], oursNext: [], plainNext: [], bareNext: [] };
    for (const n of HEAP_ONLY ? NS.flatMap((x) => Array<number>(RUNS).fill(x)) : NS) {
      const gens: Generator[] = [];
      // Heap only: a second crowd of N joins each audience's room after the first. What it adds is the
      // marginal cost of a viewer; the first crowd's figure also carries the run's one-time growth
      // (code compiled again after the full GCs flushed it, pools), spread over its N viewers.
      const nextCrowds: Generator[] = [];
      for (const a of AUDIENCES) {
        const g = new Generator(a);
        let crowd: { url: string; streamId: string; tokens: string[]; n: number };
        let pid: number;
        if (a.mode === "ours") {
          const created = (await (await fetch(`${stack.url}/api/livestream/create`, { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` }, body: JSON.stringify({ title: `fanout ${n} ${a.label}`, category: "talk" }) })).json()) as { data: { streamId: string } };
          const rules = PLAIN ? { ok: true, status: 200, text: async () => "" } : await fetch(`${stack.url}/api/livestream/${created.data.streamId}/moderation`, { method: "PATCH", headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` }, body: JSON.stringify(MODERATION) });
          if (!rules.ok) throw new Error(`moderation settings: ${rules.status} ${await rules.text()}`);
          crowd = { url: stack.url, streamId: created.data.streamId, tokens: PLAIN ? [token] : senders, n };
          pid = stack.pid;
        } else {
          crowd = { url: bare.url, streamId: `room-${n}`, tokens: [], n };
          pid = bare.pid;
        }
        await g.start(crowd, pid);
        gens.push(g);
        if (HEAP_ONLY) {
          const more = new Generator(a);
          await more.start({ ...crowd, first: n }, pid);
          nextCrowds.push(more);
        }
      }
      process.stdout.write(`  N = ${n}\n`);
      if (HEAP_ONLY) {
        const [o, p, b] = gens;
        const [o2, p2, b2] = nextCrowds;
        process.stdout.write(`    heap per viewer after GC, first ${n}: ours ${o!.heapKbPerViewer.toFixed(2)} kB, plain ${p!.heapKbPerViewer.toFixed(2)} kB, bare ${b!.heapKbPerViewer.toFixed(2)} kB; resident: ours ${o!.kbPerViewer.toFixed(1)} kB, plain ${p!.kbPerViewer.toFixed(1)} kB, bare ${b!.kbPerViewer.toFixed(1)} kB\n`);
        process.stdout.write(`    heap per viewer after GC, the next ${n} (marginal): ours ${o2!.heapKbPerViewer.toFixed(2)} kB, plain ${p2!.heapKbPerViewer.toFixed(2)} kB, bare ${b2!.heapKbPerViewer.toFixed(2)} kB; resident: ours ${o2!.kbPerViewer.toFixed(1)} kB, plain ${p2!.kbPerViewer.toFixed(1)} kB, bare ${b2!.kbPerViewer.toFixed(1)} kB\n`);
        for (const g of gens) {
          heapRuns[g.audience.label]!.push(g.heapKbPerViewer);
          heapRuns[`${g.audience.label}Rss`]!.push(g.kbPerViewer);
        }
        for (const g of nextCrowds) heapRuns[`${g.audience.label}Next`]!.push(g.heapKbPerViewer);
        for (const g of [...gens, ...nextCrowds]) await g.stop();
        continue;
      }
      const best: Record<string, number[]> = { ours: [], plain: [], bare: [] };
      const saturated: Record<string, number[]> = { ours: [], plain: [], bare: [] };
      const cpuPerKilo: Record<string, number[]> = { ours: [], plain: [], bare: [] };
      const genCpu: number[] = [];
      for (let run = 1; run <= RUNS; run++) {
        process.stdout.write(`    run ${run}\n`);
        for (const g of gens) {
          const steps: Result[] = [];
          const start = n >= 5000 ? 10 : 50;
          // A first step after the crowd joined pays for warming up (JIT, buffers, the adapter's first
          // writes) and would end the upward search by itself: it runs once, uncounted.
          if (run === 1) await g.rate(start);
          best[g.audience.label]!.push(await search(g, start, g.audience.mode === "ours" ? cap : 2000, steps));
          // Past saturation: what each carries at the senders' cap, clean or not.
          const sat = await g.rate(Math.min(cap, n >= 5000 ? 100 : 200));
          saturated[g.audience.label]!.push(sat.deliveriesPerSec);
          cpuPerKilo[g.audience.label]!.push(...[...steps, sat].map(perKilo).filter(Number.isFinite));
          table(g.audience.label, [...steps, sat]);
          genCpu.push(...steps.map((s) => s.genCpu));
        }
        process.stdout.write(`      highest clean rate: ours ${best.ours!.at(-1)} msg/s, plain ${best.plain!.at(-1)}, bare ${best.bare!.at(-1)}\n`);
      }
      for (const g of gens) await g.stop();
      const ratio = (a: number[], b: number[]) => a.map((x, i) => (b[i] ? x / b[i]! : NaN));
      const capped = best.ours!.some((x) => x >= cap) ? ` (${cap} is the senders' cap: the pipeline was still clean there)` : "";
      process.stdout.write(`    highest rate with p99 < 100 ms and nothing lost, median (min–max) of ${RUNS} runs: ours ${spread(best.ours!)} msg/s${capped}, plain ${spread(best.plain!)}, bare ${spread(best.bare!)}\n`);
      process.stdout.write(`    ratio to bare, per run: ours ${spread(ratio(best.ours!, best.bare!))} (target ≥ ${n >= 5000 ? "2.0" : "1.0"}), plain ${spread(ratio(best.plain!, best.bare!))}\n`);
      process.stdout.write(`    deliveries/s at ${Math.min(cap, n >= 5000 ? 100 : 200)} msg/s (past saturation), median (min–max): ours ${spread(saturated.ours!)}, plain ${spread(saturated.plain!)}, bare ${spread(saturated.bare!)}\n`);
      process.stdout.write(`    server CPU per 1,000 deliveries over every step, median (min–max): ours ${spread(cpuPerKilo.ours!)} ms, plain ${spread(cpuPerKilo.plain!)} ms, bare ${spread(cpuPerKilo.bare!)} ms (CPU time, so other load on the machine does not move it)\n`);
      const [o, p, b] = gens;
      process.stdout.write(`    heap per viewer after GC: ours ${o!.heapKbPerViewer.toFixed(1)} kB, plain ${p!.heapKbPerViewer.toFixed(1)} kB, bare ${b!.heapKbPerViewer.toFixed(1)} kB (target ≤ 8 kB); resident: ours ${o!.kbPerViewer.toFixed(1)} kB, plain ${p!.kbPerViewer.toFixed(1)} kB, bare ${b!.kbPerViewer.toFixed(1)} kB\n`);
      process.stdout.write(`    load generator CPU per step: median ${fmt(stats(genCpu).median)} %, max ${fmt(stats(genCpu).max)} % of its core\n`);
    }
    const kb = (xs: number[]) => {
      const s = stats(xs.filter(Number.isFinite));
      return `${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
    };
    if (HEAP_ONLY) {
      process.stdout.write(`  heap per viewer after GC, first crowd, median (min–max) of ${heapRuns.ours!.length}: ours ${kb(heapRuns.ours!)} kB, plain ${kb(heapRuns.plain!)} kB, bare ${kb(heapRuns.bare!)} kB; resident: ours ${kb(heapRuns.oursRss!)} kB, plain ${kb(heapRuns.plainRss!)} kB, bare ${kb(heapRuns.bareRss!)} kB\n`);
      process.stdout.write(`  heap per viewer after GC, the next crowd (marginal), median (min–max) of ${heapRuns.oursNext!.length}: ours ${kb(heapRuns.oursNext!)} kB, plain ${kb(heapRuns.plainNext!)} kB, bare ${kb(heapRuns.bareNext!)} kB (target ≤ 8 kB)\n`);
    }
  } finally {
    bare.stop();
    await stack.stop();
  }
}
