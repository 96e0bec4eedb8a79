import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { log } from "@/lib/logger";

/**
 * Child processes of the media worker (ffmpeg), each the leader of its own process group so a stop kills
 * everything it started. Three guards against orphans: the group is killed when its job ends; every group
 * is killed when the worker exits or crashes; and a worker killed outright (SIGKILL) leaves pid files that
 * the next worker on this machine reads at start to kill what survived. ffmpeg also ends by itself when
 * the worker's end of its pipes closes.
 */
const live = new Set<ChildProcess>();
let pidDir: string | null = null;

function pidFile(pid: number): string | null {
  return pidDir ? path.join(pidDir, `${pid}.pid`) : null;
}

/** Where pid files go (one folder per machine); kills the groups a killed worker left behind. */
export function initChildren(dir: string): number {
  pidDir = dir;
  fs.mkdirSync(dir, { recursive: true });
  let killed = 0;
  for (const f of fs.readdirSync(dir)) {
    const pid = Number(f.replace(/\.pid$/, ""));
    const owner = Number(fs.readFileSync(path.join(dir, f), "utf8").trim());
    fs.rmSync(path.join(dir, f), { force: true });
    // Only groups whose worker is gone: another worker on this machine shares the folder.
    if (!pid || (owner && alive(owner))) continue;
    if (alive(pid)) {
      killGroup(pid, "SIGKILL");
      killed++;
    }
  }
  return killed;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Spawns a program in a new process group, tracked until it exits. */
export function spawnGroup(cmd: string, args: string[], opts: SpawnOptions = {}): ChildProcess {
  const child = spawn(cmd, args, { ...opts, detached: true });
  live.add(child);
  const file = child.pid ? pidFile(child.pid) : null;
  if (file) fs.writeFileSync(file, String(process.pid));
  child.once("exit", () => {
    live.delete(child);
    if (file) fs.rmSync(file, { force: true });
  });
  child.once("error", (err) => log.warn("child process error", { cmd, err: String(err) }));
  return child;
}

/** Asks the group to stop (SIGTERM, or what `signal` says), then kills it after `graceMs`; resolves on exit. */
export function stopGroup(child: ChildProcess, graceMs = 3_000, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return Promise.resolve();
  const pid = child.pid;
  return new Promise((resolve) => {
    const t = setTimeout(() => killGroup(pid, "SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(t);
      // Whatever the leader left in its group goes too.
      killGroup(pid, "SIGKILL");
      resolve();
    });
    killGroup(pid, signal);
  });
}

/** Synchronous last resort for process exit and crashes: kills every group still running. */
export function killAllGroups(): void {
  for (const child of live) if (child.pid) killGroup(child.pid, "SIGKILL");
}

export function liveChildren(): number {
  return live.size;
}
