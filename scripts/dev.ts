import { spawnSync } from "node:child_process";
import path from "node:path";
import { parseConfig } from "@/lib/config";
import { childEnv, servicesConfig } from "./settings";
import { startServices } from "./services/manager";
import { SERVER_ONLY_HOOK, startApp } from "./app-process";
import { startMediaWorker, type MediaWorker } from "./services/worker";
import { demoTargets, startDemoEncoders, type DemoEncoders } from "./services/demo-encoders";

/** `npm run dev`: services on loopback, then the app in development mode; Ctrl-C stops everything. */
async function main() {
  const app = parseConfig(process.env);
  const settings = servicesConfig();
  const services = await startServices({ env: settings, appUrl: app.publicUrl });
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await encoders?.stop().catch(() => undefined);
    await running?.stop().catch(() => undefined);
    await worker?.stop().catch(() => undefined);
    await services.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void stopAll(0));
  process.on("SIGTERM", () => void stopAll(0));
  let running: Awaited<ReturnType<typeof startApp>> | undefined;
  let worker: MediaWorker | undefined;
  let encoders: DemoEncoders | undefined;
  const demo = settings.SEED_DEMO && !process.argv.includes("--no-seed");
  if (demo) {
    // Demo content on an empty database only; skip with --no-seed or SEED_DEMO=false.
    spawnSync(path.join(import.meta.dirname, "../node_modules/.bin/tsx"), ["--import", SERVER_ONLY_HOOK, path.join(import.meta.dirname, "seed.ts")], { stdio: "inherit", env: childEnv(services.env) });
  }
  try {
    // Ingest (RTMP), recording, live HLS and thumbnails; its log is .data/logs/media-worker.log.
    worker = await startMediaWorker({ env: services.env, dataDir: settings.STREAMHUB_DATA_DIR });
    running = await startApp({ env: services.env, port: app.PORT, production: false, publicUrl: app.publicUrl, timeoutMs: 300_000 });
    // The live demo streams get real media: a test-pattern encoder each, over RTMP like OBS.
    if (demo) {
      const rtmpPort = parseConfig(childEnv(services.env)).RTMP_PORT;
      encoders = await startDemoEncoders({ targets: demoTargets(childEnv(services.env)), rtmpBase: `rtmp://127.0.0.1:${rtmpPort}/live`, dataDir: settings.STREAMHUB_DATA_DIR });
    }
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    await stopAll(1);
    return;
  }
  running.child.once("exit", (code) => void stopAll(code ?? 1));
  if (encoders?.count) process.stdout.write(`\n  ${encoders.count} demo streams are live with a test pattern (RTMP encoders; log: ${settings.STREAMHUB_DATA_DIR}/logs/demo-encoders.log)`);
  process.stdout.write(`\n  StreamHub is running at ${running.url}\n  API docs: ${running.url}/docs/api\n  Press Ctrl-C to stop.\n\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
