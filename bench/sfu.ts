import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { RoomServiceClient } from "livekit-server-sdk";
import { childEnv, ephemeralLivekitKeys, parseServicesConfig } from "../scripts/settings";
import { startServices } from "../scripts/services/manager";
import { onPath } from "../scripts/services/process";
import { ROOT, freePort, stats } from "./harness";

/**
 * SFU capacity on our LiveKit configuration (livekit.yaml, rendered by the services manager): one publisher
 * sends 720p VP8 simulcast (1280x720 at 1.7 Mbps/30 fps, 640x360 at 450 kbps/20 fps, 320x180 at 150 kbps/15 fps,
 * pre-encoded by ffmpeg so no encoder competes for the CPU), and N subscribers (bench/sfu-load, Go) receive
 * RTP without decoding. LiveKit is pinned to core 0, the load generator to core 1. For each N: LiveKit's CPU
 * (from /proc), the generator's own CPU (it must not be the limit), and what every subscriber got: bitrate,
 * loss after retransmissions, freezes, and the width of the keyframes it was sent (the full layer = 1280).
 * "Clean": every subscriber joined, received the full layer (1280-wide keyframes, ≥ 80 % of its bitrate over the window), lost nothing and never froze.
 */
const STEPS = (process.env.SFU_STEPS ?? "25,50,100,150,200,300").split(",").map(Number);
const RUNS = Number(process.env.SFU_RUNS ?? 3);
const MEASURE_S = Number(process.env.SFU_MEASURE_S ?? 10);
const LAYERS = [
  { file: "q.ivf", w: 320, h: 180, fps: 15, kbps: 150 },
  { file: "h.ivf", w: 640, h: 360, fps: 20, kbps: 450 },
  { file: "f.ivf", w: 1280, h: 720, fps: 30, kbps: 1700 },
];
const FULL = LAYERS[LAYERS.length - 1] ?? { w: 1280, kbps: 1700 };
const CACHE = path.join(process.env.STREAMHUB_CACHE ?? path.join(os.homedir(), ".cache", "streamhub"));
const TICKS_PER_S = 100;
/** SFU_PIN=0 leaves LiveKit unpinned: on a machine shared with other work, a pinned LiveKit starves and the loss is the neighbours', not its own. */
const PIN = process.env.SFU_PIN !== "0";

/** CPU ticks (user + system) of a process, all its threads: /proc/<pid>/stat sums them. */
function ticks(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(f[11]) + Number(f[12]);
}

/** Ten seconds of moving test pattern per layer, CBR VP8 with a keyframe every second, made once and cached. */
function media(): string {
  const dir = path.join(CACHE, "sfu-media", "v1");
  if (LAYERS.every((l) => fs.existsSync(path.join(dir, l.file)))) return dir;
  if (!onPath("ffmpeg")) throw new Error("ffmpeg not found (apt-get install ffmpeg)");
  fs.mkdirSync(dir, { recursive: true });
  for (const l of LAYERS) {
    const tmp = path.join(dir, `${l.file}.tmp.ivf`);
    const args = ["-v", "error", "-y", "-f", "lavfi", "-i", `testsrc2=size=${l.w}x${l.h}:rate=${l.fps}`, "-t", "10", "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", `${l.kbps}k`, "-minrate", `${l.kbps}k`, "-maxrate", `${l.kbps}k`, "-g", String(l.fps), "-keyint_min", String(l.fps), "-auto-alt-ref", "0", "-f", "ivf", tmp];
    const r = spawnSync("ffmpeg", args, { stdio: "inherit" });
    if (r.status !== 0) throw new Error(`ffmpeg failed for ${l.file}`);
    fs.renameSync(tmp, path.join(dir, l.file));
  }
  return dir;
}

function buildLoadGenerator(): string {
  const r = spawnSync("bash", [path.join(ROOT, "bench/sfu-load/build.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (r.status !== 0) throw new Error("bench/sfu-load/build.sh failed");
  return r.stdout.trim().split("\n").pop() ?? "";
}

/** taskset when there is one and the machine has a second core; otherwise the command as is. */
function pinned(core: number, cmd: string, args: string[]): [string, string[]] {
  return onPath("taskset") && os.cpus().length > core ? ["taskset", ["-c", String(core), cmd, ...args]] : [cmd, args];
}

type SubResult = { kbps: number; packets: number; lost: number; lossPct: number; freezes: number; maxGapMs: number; width: number; keyframes: number };
type Report = { n: number; joined: number; subscribed: number; fullLayer: number; joinMs: number; settleMs: number; windowMs: number; joinErrors?: string[]; subs: SubResult[] };
/** clean: full layer, no loss, no freeze; delivered: full layer and no loss (a freeze alone may be the machine stalling, not the SFU). */
type Step = { report: Report; lkCores: number; genCores: number; clean: boolean; delivered: boolean };

/** One step: N subscribers join, settle on the full layer, and are measured for MEASURE_S; LiveKit's and the generator's CPU over the same window. */
async function step(bin: string, env: NodeJS.ProcessEnv, url: string, room: string, lkPid: number, n: number): Promise<Step> {
  const [cmd, args] = pinned(1, bin, ["subscribe", "-url", url, "-room", room, "-n", String(n), "-measure", `${MEASURE_S}s`]);
  const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => void (stderr = (stderr + d.toString()).slice(-4000)));
  const timer = setTimeout(() => child.kill("SIGKILL"), 120_000 + n * 1_000);
  let mark: { lk: number; gen: number; at: number } | null = null;
  let out: Step | null = null;
  for await (const line of readline.createInterface({ input: child.stdout })) {
    if (line.includes('"phase":"measuring"')) mark = { lk: ticks(lkPid), gen: ticks(child.pid ?? 0), at: Date.now() };
    else if (line.startsWith("{") && mark) {
      const secs = (Date.now() - mark.at) / 1000;
      const lkCores = (ticks(lkPid) - mark.lk) / TICKS_PER_S / secs;
      const genCores = (ticks(child.pid ?? 0) - mark.gen) / TICKS_PER_S / secs;
      const report = JSON.parse(line) as Report;
      // The full layer all along: its keyframes' width, and its bitrate over the whole window (a subscriber moved down and up again shows in the bitrate).
      const full = report.subs.filter((s) => s.width === FULL.w && s.kbps >= 0.8 * FULL.kbps).length;
      const delivered = report.joined === n && full === n && report.subs.every((s) => s.lost === 0);
      const clean = delivered && report.subs.every((s) => s.freezes === 0);
      report.fullLayer = full;
      out = { report, lkCores, genCores, clean, delivered };
    }
  }
  clearTimeout(timer);
  await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
  if (!out) throw new Error(`sfu-load subscribe ${n} gave no report: ${stderr}`);
  // Let LiveKit drop the departed participants before the next step.
  await new Promise((r) => setTimeout(r, 3_000));
  return out;
}

const f0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : "-");
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "-");
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "-");

function printStep(n: number, runs: Step[]): void {
  const lk = stats(runs.map((r) => r.lkCores));
  const gen = stats(runs.map((r) => r.genCores));
  const subs = runs.flatMap((r) => r.report.subs);
  const kbps = stats(subs.map((s) => s.kbps));
  const loss = stats(subs.map((s) => s.lossPct));
  const clean = runs.filter((r) => r.clean).length;
  const perCore = stats(runs.map((r) => n / r.lkCores));
  const full = runs.map((r) => `${r.report.fullLayer}/${n}`).join(" ");
  const freezes = runs.map((r) => `${r.report.subs.reduce((a, s) => a + s.freezes, 0)}/${f0(Math.max(0, ...r.report.subs.map((s) => s.maxGapMs)))}ms`).join(" ");
  process.stdout.write(
    `  N=${String(n).padStart(4)}  LiveKit ${f2(lk.median)} cores (${f2(lk.min)}–${f2(lk.max)})  generator ${f2(gen.median)} (max ${f2(gen.max)})  ` +
      `per subscriber ${f1(kbps.min)}/${f1(kbps.median)} kbps (min/median)  loss max ${f2(loss.max)} %  freezes/longest gap ${freezes}  full layer ${full}  ` +
      `subscribers per LiveKit core ${f1(perCore.median)} (${f1(perCore.min)}–${f1(perCore.max)})  clean ${clean}/${runs.length}\n`,
  );
}

/** `npm run bench sfu` */
export async function benchSfu(): Promise<void> {
  const bin = buildLoadGenerator();
  const mediaDir = media();
  // LiveKit's webhooks need an answer, or it retries: a sink that says 200.
  const sink = http.createServer((req, res) => void req.resume().on("end", () => res.writeHead(200).end()));
  const sinkPort = await freePort();
  await new Promise<void>((r) => sink.listen(sinkPort, "127.0.0.1", r));
  const svcEnv = parseServicesConfig(
    childEnv({ STREAMHUB_DATA_DIR: path.join(".data", "bench-sfu"), MONGODB_URI: "mongodb://127.0.0.1:9/unused", LIVEKIT_PORT: process.env.BENCH_LIVEKIT_PORT ?? "8080", LIVEKIT_RTC_TCP_PORT: process.env.BENCH_LIVEKIT_TCP_PORT ?? "8081", LIVEKIT_RTC_UDP_PORT: process.env.BENCH_LIVEKIT_UDP_PORT ?? "8082", LIVEKIT_URL: undefined, REDIS_URL: undefined, ...ephemeralLivekitKeys() }),
  );
  const services = await startServices({ env: svcEnv, appUrl: `http://127.0.0.1:${sinkPort}`, redis: false, stripe: false });
  let publisher: ChildProcess | null = null;
  try {
    const lkPid = Number(fs.readFileSync(path.join(ROOT, ".data", "bench-sfu", "pids", "livekit.pid"), "utf8").trim());
    const pinnedLk = PIN && onPath("taskset") && os.cpus().length > 1 && spawnSync("taskset", ["-a", "-p", "-c", "0", String(lkPid)], { stdio: "ignore" }).status === 0;
    const url = services.env.LIVEKIT_URL ?? "";
    const env = childEnv({ LIVEKIT_API_KEY: svcEnv.LIVEKIT_API_KEY, LIVEKIT_API_SECRET: svcEnv.LIVEKIT_API_SECRET });
    const room = `sfu-bench-${Date.now()}`;
    // Our configuration has auto_create off: rooms exist because the app made them, as here.
    await new RoomServiceClient(url.replace(/^ws/, "http"), svcEnv.LIVEKIT_API_KEY, svcEnv.LIVEKIT_API_SECRET).createRoom({ name: room, emptyTimeout: 300 });
    const [pcmd, pargs] = pinned(1, bin, ["publish", "-url", url, "-room", room, "-media", mediaDir]);
    // The SDK logs every signalling step: to a file, not the bench's output.
    const pubLog = fs.openSync(path.join(ROOT, ".data", "bench-sfu", "logs", "sfu-publisher.log"), "w");
    const pub = spawn(pcmd, pargs, { env, stdio: ["ignore", "pipe", pubLog] });
    publisher = pub;
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error("publisher did not publish within 30 s")), 30_000);
      readline.createInterface({ input: pub.stdout as NodeJS.ReadableStream }).on("line", (l) => l.includes('"published"') && (clearTimeout(t), resolve()));
      pub.once("exit", (code) => reject(new Error(`publisher exited (${code})`)));
    });
    await new Promise((r) => setTimeout(r, 3_000));
    const t0 = ticks(lkPid);
    await new Promise((r) => setTimeout(r, 5_000));
    const idle = (ticks(lkPid) - t0) / TICKS_PER_S / 5;
    process.stdout.write(
      `\nSFU capacity — LiveKit ${pinnedLk ? "pinned to core 0" : "NOT pinned (SFU_PIN=0, no taskset or one core)"}, load generator on core 1; 720p VP8 simulcast ${LAYERS.map((l) => `${l.w}x${l.h}@${l.fps} ${l.kbps} kbps`).join(", ")}; ${RUNS} runs per step, ${MEASURE_S} s each\n` +
        `  LiveKit with the publisher alone: ${f2(idle)} cores\n`,
    );
    let best: { n: number; perCore: number[]; marginal: number[] } | null = null;
    let bestDelivered: { n: number; perCore: number[] } | null = null;
    for (const n of STEPS) {
      const runs: Step[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await step(bin, env, url, room, lkPid, n));
      printStep(n, runs);
      if (runs.some((r) => r.genCores > 0.9)) process.stdout.write(`    the generator used ${f2(Math.max(...runs.map((r) => r.genCores)))} of its core: at this step it may be the limit, not LiveKit\n`);
      const errs = runs.flatMap((r) => r.report.joinErrors ?? []);
      if (errs.length) process.stdout.write(`    join errors: ${errs.length} (first: ${errs[0]})\n`);
      if (runs.every((r) => r.clean)) best = { n, perCore: runs.map((r) => n / r.lkCores), marginal: runs.map((r) => (r.lkCores - idle) / n) };
      if (runs.every((r) => r.delivered)) bestDelivered = { n, perCore: runs.map((r) => n / r.lkCores) };
      // Past the knee: every run lost packets or fell off the full layer. (Freezes alone do not stop the climb:
      // on a shared machine one stall of the whole host freezes every subscriber at once.)
      else if (runs.every((r) => !r.delivered)) break;
    }
    if (best) {
      const pc = stats(best.perCore);
      const m = stats(best.marginal);
      process.stdout.write(
        `  highest clean step: N=${best.n}: ${f1(pc.median)} subscribers per LiveKit core (${f1(pc.min)}–${f1(pc.max)}); ` +
          `marginal cost ${f2(m.median * 1000)} millicores per subscriber (publisher's share excluded) → ${f1(1 / m.median)} subscribers per core at the margin\n`,
      );
    } else process.stdout.write("  no clean step\n");
    if (bestDelivered) {
      const pc = stats(bestDelivered.perCore);
      process.stdout.write(`  highest step with the full layer and no loss (freezes allowed): N=${bestDelivered.n}: ${f1(pc.median)} subscribers per LiveKit core (${f1(pc.min)}–${f1(pc.max)})\n`);
    }
  } finally {
    publisher?.kill("SIGTERM");
    await services.stop();
    await new Promise((r) => sink.close(r));
  }
}
