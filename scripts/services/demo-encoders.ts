import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { SERVER_ONLY_HOOK } from "../app-process";
import { killStale, sleep } from "./process";

const ROOT = path.resolve(import.meta.dirname, "../..");

export type DemoTarget = { streamId: string; title: string; streamKey: string };
export type DemoEncoders = { count: number; stop: () => Promise<void> };

/** The live demo streams and their keys, from `scripts/seed.ts --encoder-targets` (it revives ended ones). */
export function demoTargets(env: NodeJS.ProcessEnv): DemoTarget[] {
  const r = spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), ["--import", SERVER_ONLY_HOOK, path.join(ROOT, "scripts/seed.ts"), "--encoder-targets"], { env, encoding: "utf8" });
  const line = r.stdout.trim().split("\n").pop() ?? "";
  if (r.status !== 0 || !line.startsWith("[")) throw new Error(`demo targets: ${r.stderr.trim() || `exit ${r.status}`}`);
  return JSON.parse(line) as DemoTarget[];
}

/** A small test pattern with a quiet tone: 640x360 at 15 fps, x264 ultrafast, cheap beside the worker's decoding and recording of it. */
function encoderArgs(url: string, i: number): string[] {
  return [
    ...["-hide_banner", "-loglevel", "error", "-nostdin", "-re"],
    ...["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=15", "-f", "lavfi", "-i", `sine=frequency=${330 + 110 * i}:sample_rate=48000`],
    ...["-af", "volume=0.15", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-b:v", "600k", "-g", "30", "-pix_fmt", "yuv420p"],
    ...["-c:a", "aac", "-b:a", "64k", "-f", "flv", url],
  ];
}

/**
 * One ffmpeg per live demo stream, pushing over RTMP with the stream's key as OBS would; restarted if it
 * drops (the worker restarting), each in its own process group with a pid file, so stop() — and the next
 * run, after a crash — leaves no publisher behind.
 */
export async function startDemoEncoders(opts: { targets: DemoTarget[]; rtmpBase: string; dataDir: string }): Promise<DemoEncoders> {
  const pidDir = path.join(ROOT, opts.dataDir, "pids");
  const logFile = path.join(ROOT, opts.dataDir, "logs", "demo-encoders.log");
  fs.mkdirSync(pidDir, { recursive: true });
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const live = new Map<number, ChildProcess>();
  let stopping = false;

  const run = async (t: DemoTarget, i: number): Promise<void> => {
    const pidFile = path.join(pidDir, `demo-encoder-${i}.pid`);
    await killStale(pidFile, "ffmpeg");
    while (!stopping) {
      const out = fs.openSync(logFile, "a");
      const child = spawn("ffmpeg", encoderArgs(`${opts.rtmpBase}/${t.streamKey}`, i), { stdio: ["ignore", "ignore", out], detached: true });
      fs.closeSync(out);
      if (child.pid) fs.writeFileSync(pidFile, String(child.pid));
      live.set(i, child);
      const started = Date.now();
      await new Promise<void>((r) => child.once("exit", () => r()));
      live.delete(i);
      fs.rmSync(pidFile, { force: true });
      if (!stopping) await sleep(Date.now() - started < 5_000 ? 5_000 : 1_000);
    }
  };
  opts.targets.forEach((t, i) => void run(t, i));

  return {
    count: opts.targets.length,
    stop: async () => {
      stopping = true;
      const exits = [...live.values()].map((c) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once("exit", () => r()))));
      for (const c of live.values()) {
        try {
          if (c.pid) process.kill(-c.pid, "SIGKILL");
        } catch {
          // gone
        }
      }
      await Promise.all(exits);
    },
  };
}
