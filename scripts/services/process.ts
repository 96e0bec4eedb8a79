import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export type Managed = { name: string; child: ChildProcess; pidFile: string };

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function onPath(cmd: string): string | null {
  const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** A TCP port on loopback that is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

export function portOpen(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createConnection({ port, host });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
    s.setTimeout(1000, () => {
      s.destroy();
      resolve(false);
    });
  });
}

/** Waits until `check` passes, or fails naming the service, its log and the timeout. */
export async function waitFor(name: string, check: () => Promise<boolean>, timeoutMs: number, logFile: string, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} during start; see ${logFile}`);
    if (await check().catch(() => false)) return;
    await sleep(150);
  }
  throw new Error(`${name} did not become healthy within ${timeoutMs} ms; see ${logFile}`);
}

/** Whether a process of this pid exists (signal 0). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Kills a process left behind by an earlier run that was itself killed (its pid file survived). */
export async function killStale(pidFile: string, binary: string): Promise<void> {
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").trim());
  fs.rmSync(pidFile, { force: true });
  if (!pid || !alive(pid)) return;
  const cmdline = fs.existsSync(`/proc/${pid}/cmdline`) ? fs.readFileSync(`/proc/${pid}/cmdline`, "utf8") : "";
  if (!cmdline.includes(path.basename(binary))) return;
  process.kill(pid, "SIGTERM");
  for (let i = 0; i < 50 && alive(pid); i++) await sleep(100);
  if (alive(pid)) process.kill(pid, "SIGKILL");
}

export function launch(name: string, binary: string, args: string[], opts: { env: NodeJS.ProcessEnv; logFile: string; pidFile: string; cwd?: string }): Managed {
  fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
  const out = fs.openSync(opts.logFile, "a");
  const child = spawn(binary, args, { env: opts.env, cwd: opts.cwd, stdio: ["ignore", out, out] });
  fs.closeSync(out);
  if (child.pid) fs.writeFileSync(opts.pidFile, String(child.pid));
  return { name, child, pidFile: opts.pidFile };
}

export async function terminate(m: Managed, graceMs = 5000): Promise<void> {
  const { child } = m;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  }
  fs.rmSync(m.pidFile, { force: true });
}
