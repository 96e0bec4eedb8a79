import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { childEnv, ephemeralLivekitKeys, parseServicesConfig } from "./settings";
import { startServices, type RunningServices } from "./services/manager";
import { SERVER_ONLY_HOOK, startApp, type AppProcess } from "./app-process";
import { freePort } from "./services/process";
import { startMailSink, type MailSink } from "./mail-sink";

/**
 * `npm test`: lint, typecheck, unit tests, then a production build served by server.ts on the real
 * services (own ports and data folder), integration tests and Playwright end-to-end tests. Ends with
 * `N passed, N failed` summed from the runners' own reports.
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const OUT = path.join(ROOT, "test-results");
const layers = new Set(process.argv.slice(2).length ? process.argv.slice(2) : ["static", "unit", "integration", "e2e"]);

type Tally = { name: string; passed: number; failed: number; skipped: number; note?: string };
const tallies: Tally[] = [];
const checks: { name: string; ok: boolean }[] = [];

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: "inherit" });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function bin(name: string): string {
  return path.join(ROOT, "node_modules/.bin", name);
}

function walk(dir: string, pred: (f: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" ? [] : walk(p, pred);
    return pred(p) ? [p] : [];
  });
}

/** node --test with a TAP copy to a file, whose `# pass` / `# fail` lines are the count. */
async function nodeTests(name: string, files: string[], env: NodeJS.ProcessEnv): Promise<void> {
  if (!files.length) {
    tallies.push({ name, passed: 0, failed: 0, skipped: 0, note: "no test files" });
    return;
  }
  const tap = path.join(OUT, `${name}.tap`);
  const code = await run(process.execPath, ["--import", "tsx", "--import", SERVER_ONLY_HOOK, "--test", "--test-concurrency=1", "--test-reporter=spec", "--test-reporter-destination=stdout", "--test-reporter=tap", `--test-reporter-destination=${tap}`, ...files], env);
  const text = fs.existsSync(tap) ? fs.readFileSync(tap, "utf8") : "";
  const num = (k: string) => Number(new RegExp(`^# ${k} (\\d+)$`, "m").exec(text)?.[1] ?? 0);
  const failed = num("fail") + num("cancelled");
  tallies.push({ name, passed: num("pass"), failed: failed || (code !== 0 && num("pass") === 0 ? 1 : failed), skipped: num("skipped") + num("todo") });
}

async function e2eTests(env: NodeJS.ProcessEnv): Promise<void> {
  const report = path.join(OUT, "e2e.json");
  fs.rmSync(report, { force: true });
  const code = await run(bin("playwright"), ["test"], { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: report });
  if (!fs.existsSync(report)) {
    tallies.push({ name: "e2e", passed: 0, failed: 1, skipped: 0, note: `playwright exited ${code} without a report` });
    return;
  }
  const stats = (JSON.parse(fs.readFileSync(report, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } }).stats;
  tallies.push({ name: "e2e", passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped });
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const started = Date.now();

  if (layers.has("static")) {
    checks.push({ name: "eslint", ok: (await run(bin("eslint"), [".", "--max-warnings=0"])) === 0 });
    checks.push({ name: "tsc --noEmit", ok: (await run(bin("tsc"), ["--noEmit"])) === 0 });
  }

  if (layers.has("unit")) {
    const unit = ["lib", "scripts"].flatMap((d) => walk(path.join(ROOT, d), (f) => f.endsWith(".test.ts")));
    await nodeTests("unit", unit, childEnv({ NODE_ENV: "test" }));
  }

  if (layers.has("integration") || layers.has("e2e")) {
    const ok = (await run(bin("next"), ["build"], childEnv({ NEXT_TELEMETRY_DISABLED: "1" }))) === 0;
    checks.push({ name: "next build", ok });
    let services: RunningServices | undefined;
    let app: AppProcess | undefined;
    let mail: MailSink | undefined;
    const dataDir = path.join(".data", "test");
    // Fresh data, but keep pids/: a run that was killed leaves processes the manager must find and stop.
    for (const d of ["ferretdb", "mongo"]) fs.rmSync(path.join(ROOT, dataDir, d), { recursive: true, force: true });
    try {
      if (!ok) throw new Error("build failed");
      const appPort = await freePort();
      const appUrl = `http://127.0.0.1:${appPort}`;
      // Own ports and data folder, so a running `npm run dev` is left alone.
      const svcEnv = parseServicesConfig(
        childEnv({
          STREAMHUB_DATA_DIR: dataDir,
          MONGO_PORT: process.env.TEST_MONGO_PORT ?? "27127",
          LIVEKIT_PORT: process.env.TEST_LIVEKIT_PORT ?? "7980",
          LIVEKIT_RTC_TCP_PORT: process.env.TEST_LIVEKIT_TCP_PORT ?? "7981",
          LIVEKIT_RTC_UDP_PORT: process.env.TEST_LIVEKIT_UDP_PORT ?? "7982",
          REDIS_PORT: process.env.TEST_REDIS_PORT ?? "6490",
          MONGODB_URI: process.env.TEST_MONGODB_URI,
          LIVEKIT_URL: undefined,
          REDIS_URL: undefined,
          ...ephemeralLivekitKeys(),
        }),
      );
      services = await startServices({ env: svcEnv, appUrl, redis: true });
      // The app's mail (sign-up verification links) goes to a local sink that tests read from.
      mail = await startMailSink();
      const appEnv = {
        ...services.env,
        SMTP_URL: mail.smtpUrl,
        AUTH_SECRET: randomBytes(32).toString("hex"),
        // Tests read the health details (latencies per dependency) as a monitor does.
        HEALTH_TOKEN: randomBytes(24).toString("hex"),
        REGISTER_RATE_LIMIT_PER_IP: "100000",
        LOGIN_RATE_LIMIT_PER_IP: "100000",
        // Every test client is 127.0.0.1: per-address caps are exercised by their own tests (tests/abuse-limits.test.ts).
        SOCKET_MAX_CONNECTIONS_PER_IP: "100000",
        MEDIA_TOKEN_RATE_LIMIT_PER_IP: "100000",
        LOG_LEVEL: "warn",
        HOST_GRACE_SECONDS: "5",
        SOCKET_AUTH_TIMEOUT_MS: "2000",
      };
      app = await startApp({ env: appEnv, port: appPort, production: true, pidFile: path.join(ROOT, dataDir, "pids", "app.pid") });
      const testEnv = childEnv({ ...appEnv, STREAMHUB_TEST_URL: app.url, STREAMHUB_TEST_MAIL_URL: mail.url, NODE_ENV: "test" });
      const only = process.env.TEST_FILTER;
      if (layers.has("integration")) await nodeTests("integration", walk(path.join(ROOT, "tests"), (f) => f.endsWith(".test.ts") && (!only || f.includes(only))), testEnv);
      if (layers.has("e2e")) await e2eTests(testEnv);
    } catch (err) {
      process.stderr.write(`\n[test] ${err instanceof Error ? err.message : String(err)}\n`);
      checks.push({ name: "services and app start", ok: false });
    } finally {
      await app?.stop();
      await mail?.stop();
      await services?.stop();
    }
  }

  const passed = tallies.reduce((n, t) => n + t.passed, 0);
  const failed = tallies.reduce((n, t) => n + t.failed, 0);
  const skipped = tallies.reduce((n, t) => n + t.skipped, 0);
  process.stdout.write("\n── summary ─────────────────────────────\n");
  for (const c of checks) process.stdout.write(`${c.ok ? "ok  " : "FAIL"} ${c.name}\n`);
  for (const t of tallies) process.stdout.write(`${t.failed ? "FAIL" : "ok  "} ${t.name}: ${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ""}${t.note ? ` (${t.note})` : ""}\n`);
  process.stdout.write(`took ${Math.round((Date.now() - started) / 1000)} s\n`);
  process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`);
  process.exit(failed === 0 && checks.every((c) => c.ok) ? 0 : 1);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.stdout.write("0 passed, 1 failed\n");
  process.exit(1);
});
