import { spawnSync } from "node:child_process";
import path from "node:path";
import { parseConfig } from "@/lib/config";
import { childEnv, servicesConfig } from "./settings";
import { startServices } from "./services/manager";
import { SERVER_ONLY_HOOK, startApp } from "./app-process";
import { startMediaWorker, type MediaWorker } from "./services/worker";

/** `npm run dev`: services on loopback, then the app in development mode; Ctrl-C stops everything. */
async function main() {
  const app = parseConfig(process.env);
  const settings = servicesConfig();
  const services = await startServices({ env: settings, appUrl: app.publicUrl });
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await running?.stop().catch(() => undefined);
    await worker?.stop().catch(() => undefined);
    await services.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void stopAll(0));
  process.on("SIGTERM", () => void stopAll(0));
  let running: Awaited<ReturnType<typeof startApp>> | undefined;
  let worker: MediaWorker | undefined;
  if (settings.SEED_DEMO && !process.argv.includes("--no-seed")) {
    // Demo content on an empty database only; skip with --no-seed or SEED_DEMO=false.
    spawnSync(path.join(import.meta.dirname, "../node_modules/.bin/tsx"), ["--import", SERVER_ONLY_HOOK, path.join(import.meta.dirname, "seed.ts")], { stdio: "inherit", env: childEnv(services.env) });
  }
  try {
    // Ingest (RTMP), recording, live HLS and thumbnails; its log is .data/logs/media-worker.log.
    worker = await startMediaWorker({ env: services.env, dataDir: settings.STREAMHUB_DATA_DIR });
    running = await startApp({ env: services.env, port: app.PORT, production: false, publicUrl: app.publicUrl, timeoutMs: 300_000 });
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    await stopAll(1);
    return;
  }
  running.child.once("exit", (code) => void stopAll(code ?? 1));
  process.stdout.write(`\n  StreamHub is running at ${running.url}\n  API docs: ${running.url}/docs/api\n  Press Ctrl-C to stop.\n\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
