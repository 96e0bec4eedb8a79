import type { Readable } from "node:stream";
import { startApp, type AppProcess } from "../../scripts/app-process";
import { freePort } from "../../scripts/services/process";

/**
 * An app process of the test's own, on the suite's database and Redis, whose log the test reads: a fuzzing
 * run must leave no unhandled rejection, uncaught exception or handler failure there, and the process alive.
 * It runs with --expose-gc so /api/health?gc=1 (with HEALTH_TOKEN) reads the heap after a full collection.
 */
export type FuzzApp = { app: AppProcess; url: string; log: string[]; exited: () => string | null; stop: () => Promise<void> };

export async function startFuzzApp(extra: Record<string, string> = {}): Promise<FuzzApp> {
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === "string"));
  const app = await startApp({ env: { ...env, NODE_OPTIONS: "--expose-gc", LOG_LEVEL: "warn", ...extra }, port: await freePort(), production: true, stdio: "pipe" });
  const log: string[] = [];
  const read = (stream: Readable | null) => {
    let buf = "";
    stream?.on("data", (chunk: Buffer) => {
      buf += chunk.toString();
      const lines = buf.split("\n");
      buf = lines.pop() ?? "";
      log.push(...lines.filter(Boolean));
    });
  };
  read(app.child.stdout);
  read(app.child.stderr);
  let exit: string | null = null;
  app.child.once("exit", (code, signal) => (exit = `exited with ${signal ?? code}`));
  return { app, url: app.url, log, exited: () => exit, stop: () => app.stop() };
}

/**
 * Lines of the log that show a server bug: Node's reports of an unhandled rejection or uncaught exception,
 * stack traces, and our own error-level lines (a socket handler that failed with a 5xx logs one).
 */
export function badLines(log: string[]): string[] {
  return log.filter((line) => {
    if (/unhandled|uncaught|UnhandledPromiseRejection|ERR_UNHANDLED|^\s+at\s|^\w*Error:/i.test(line)) return true;
    try {
      return (JSON.parse(line) as { level?: string }).level === "error";
    } catch {
      return false;
    }
  });
}

/** Heap in use after a full GC, in bytes, as /api/health reports it to a monitor. */
export async function heapAfterGc(url: string): Promise<number> {
  const res = await fetch(`${url}/api/health?gc=1`, { headers: { Authorization: `Bearer ${process.env.HEALTH_TOKEN ?? ""}` } });
  const body = (await res.json()) as { data?: { memory?: { heapUsedBytes: number } } };
  const heap = body.data?.memory?.heapUsedBytes;
  if (typeof heap !== "number") throw new Error(`no memory in /api/health (${res.status})`);
  return heap;
}

export async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5000) })).status === 200;
  } catch {
    return false;
  }
}
