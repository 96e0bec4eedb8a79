import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, launch, onPath, portOpen, terminate, waitFor, type Managed } from "../../scripts/services/process";

/**
 * A redis-server of the test's own, launched as scripts/services/manager.ts launches the stack's (loopback,
 * no persistence: a restart comes back empty, as a crashed cache would), that the test may stop and start
 * on the same port while app processes use it.
 */
export async function ownRedis(): Promise<{ url: string; dir: string; stop: () => Promise<void>; start: () => Promise<void>; kill: (hangMs?: number) => Promise<void> }> {
  const bin = onPath("redis-server");
  if (!bin) throw new Error("redis-server not found; install it: apt-get install redis-server");
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "streamhub-redis-"));
  let m: Managed | undefined;
  const start = async () => {
    m = launch("redis", bin, ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no", "--dir", dir], { env: process.env, logFile: path.join(dir, "redis.log"), pidFile: path.join(dir, "redis.pid") });
    await waitFor("redis", () => portOpen(port), 10_000, path.join(dir, "redis.log"), m.child);
  };
  const stop = async () => {
    if (m) await terminate(m);
    m = undefined;
  };
  /**
   * A crash: SIGKILL, nothing flushed. With `hangMs`, Redis first hangs that long (SIGSTOP): clients keep
   * writing commands it never answers, and the crash refuses them all (as a Redis stuck, then killed, would).
   */
  const kill = async (hangMs = 0) => {
    if (!m) return;
    const exited = new Promise<void>((r) => m!.child.once("exit", () => r()));
    if (hangMs > 0) {
      m.child.kill("SIGSTOP");
      await new Promise((r) => setTimeout(r, hangMs));
    }
    m.child.kill("SIGKILL");
    await exited;
    m = undefined;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, dir, start, stop, kill };
}
