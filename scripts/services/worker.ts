import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { childEnv } from "../settings";
import { SERVER_ONLY_HOOK } from "../app-process";
import { killStale, sleep } from "./process";

const ROOT = path.resolve(import.meta.dirname, "../..");

export type MediaWorker = { id: string; child: ChildProcess; logFile: string; stop: () => Promise<void>; kill: () => void };

/**
 * Starts workers/media.ts with the app's environment and waits for its ready line. It leads its own process
 * group: stop() asks it to finish its jobs (SIGTERM) and kills the group if it does not within 20 s, so no
 * ffmpeg outlives it. `name` keeps pid and log files of several workers apart.
 */
export async function startMediaWorker(opts: { env: Record<string, string>; dataDir: string; name?: string; timeoutMs?: number }): Promise<MediaWorker> {
  const name = opts.name ?? "media-worker";
  const data = path.resolve(ROOT, opts.dataDir);
  const pidFile = path.join(data, "pids", `${name}.pid`);
  const logFile = path.join(data, "logs", `${name}.log`);
  fs.mkdirSync(path.dirname(pidFile), { recursive: true });
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  await killStale(pidFile, "tsx");
  const out = fs.openSync(logFile, "a");
  const start = fs.statSync(logFile).size;
  const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["--import", SERVER_ONLY_HOOK, "workers/media.ts"], {
    cwd: ROOT,
    env: childEnv({ MEDIA_DIR: path.join(data, "media"), ...opts.env }),
    stdio: ["ignore", out, out],
    detached: true,
  });
  fs.closeSync(out);
  if (child.pid) fs.writeFileSync(pidFile, String(child.pid));
  const kill = () => {
    try {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    } catch {
      // gone
    }
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once("exit", () => r()));
      child.kill("SIGTERM");
      const t = setTimeout(kill, 20_000);
      await exited;
      clearTimeout(t);
    }
    kill();
    fs.rmSync(pidFile, { force: true });
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} during start; see ${logFile}`);
    const text = fs.readFileSync(logFile, "utf8").slice(start);
    const ready = /media worker ready (\S+)/.exec(text);
    if (ready?.[1]) return { id: ready[1], child, logFile, stop, kill };
    await sleep(150);
  }
  await stop();
  throw new Error(`${name} did not start within ${opts.timeoutMs ?? 60_000} ms; see ${logFile}`);
}
