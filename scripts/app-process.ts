import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { childEnv } from "./settings";
import fs from "node:fs";
import { killStale, sleep } from "./services/process";

const ROOT = path.resolve(import.meta.dirname, "..");

/** Lets Node load modules marked `import "server-only"` (see scripts/node/server-only.mjs). */
export const SERVER_ONLY_HOOK = path.join(ROOT, "scripts/node/server-only.mjs");

export type AppProcess = { url: string; child: ChildProcess; stop: () => Promise<void> };

/** Starts server.ts (dev or production build) with the given environment and waits for /api/health. */
export async function startApp(opts: { env: Record<string, string>; port: number; production: boolean; publicUrl?: string; stdio?: "inherit" | "pipe"; timeoutMs?: number; wrap?: string[]; pidFile?: string }): Promise<AppProcess> {
  // An app left running by a run that was killed is stopped first (it would hold the database and ports).
  if (opts.pidFile) await killStale(opts.pidFile, "tsx");
  const url = `http://127.0.0.1:${opts.port}`;
  const publicUrl = opts.publicUrl ?? url;
  const [cmd, ...cmdArgs] = [...(opts.wrap ?? []), path.join(ROOT, "node_modules/.bin/tsx"), "--import", SERVER_ONLY_HOOK, "server.ts"];
  const child = spawn(cmd ?? "tsx", cmdArgs, {
    cwd: ROOT,
    env: childEnv({ ...opts.env, PORT: String(opts.port), HOST: "127.0.0.1", NODE_ENV: opts.production ? "production" : "development", PUBLIC_URL: publicUrl, NEXTAUTH_URL: publicUrl, NEXT_TELEMETRY_DISABLED: "1" }),
    stdio: ["ignore", opts.stdio ?? "inherit", opts.stdio ?? "inherit"],
  });
  if (opts.pidFile && child.pid) {
    fs.mkdirSync(path.dirname(opts.pidFile), { recursive: true });
    fs.writeFileSync(opts.pidFile, String(child.pid));
  }
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill("SIGTERM");
    const t = setTimeout(() => child.kill("SIGKILL"), 12_000);
    await exited;
    clearTimeout(t);
    if (opts.pidFile) fs.rmSync(opts.pidFile, { force: true });
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  // With the app's HEALTH_TOKEN the reply names the failing dependency, for the error below.
  const headers: Record<string, string> = opts.env.HEALTH_TOKEN ? { Authorization: `Bearer ${opts.env.HEALTH_TOKEN}` } : {};
  let last = "";
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`app exited with code ${child.exitCode} during start`);
    try {
      const res = await fetch(`${url}/api/health`, { headers });
      if (res.status === 200) return { url: publicUrl, child, stop };
      last = `: ${res.status} ${await res.text()}`;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  await stop();
  throw new Error(`app did not become healthy at ${url}/api/health${last}`);
}
