import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { childEnv, ephemeralLivekitKeys, parseServicesConfig } from "./settings";
import { startServices, type RunningServices } from "./services/manager";
import { SERVER_ONLY_HOOK, startApp, type AppProcess } from "./app-process";
import { startMediaWorker, type MediaWorker } from "./services/worker";
import { freePort } from "./services/process";
import { startMailSink, type MailSink } from "./mail-sink";
import { expandPatterns } from "./schemathesis/expand-patterns";
import { playwrightFailures, tapFailures, type PlaywrightReport } from "./test-report";

/**
 * `npm test`: lint, typecheck, unit tests, then a production build served by server.ts on the real
 * services (own ports and data folder), integration tests, Playwright end-to-end tests and Schemathesis over
 * the OpenAPI document (layer "fuzz"). Ends with `N passed, N failed` summed from the runners' own reports.
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const OUT = path.join(ROOT, "test-results");
const layers = new Set(process.argv.slice(2).length ? process.argv.slice(2) : ["static", "unit", "integration", "e2e", "fuzz"]);

type Tally = { name: string; passed: number; failed: number; skipped: number; note?: string };
const tallies: Tally[] = [];
/** Each failure's name and the start of its error, repeated under the summary (CI shows the end of the output). */
const failures: string[] = [];


const checks: { name: string; ok: boolean }[] = [];

/** Process groups of the runners still going: killed when a bound runs out or the whole run ends. */
const groups = new Set<number>();

function killGroup(pid: number): void {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // already gone
  }
}

/**
 * Runs a command; with `timeoutMs` it leads its own process group, all of which is killed when the bound runs
 * out (a test file whose hook never returns must fail the run, not hang it), and it answers 124.
 */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env, opts: { cwd?: string; timeoutMs?: number } = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? ROOT, env, stdio: "inherit", detached: Boolean(opts.timeoutMs) });
    let timedOut = false;
    if (opts.timeoutMs && child.pid) groups.add(child.pid);
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          process.stderr.write(`\n[test] ${path.basename(cmd)} ${args.at(-1) ?? ""} ran past ${Math.round(opts.timeoutMs! / 1000)} s: killed\n`);
          if (child.pid) killGroup(child.pid);
        }, opts.timeoutMs)
      : undefined;
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (child.pid) {
        // What the runner left behind (a test file's own children) goes with it.
        if (opts.timeoutMs) killGroup(child.pid);
        groups.delete(child.pid);
      }
      resolve(timedOut ? 124 : (code ?? (signal ? 1 : 0)));
    });
  });
}
process.on("exit", () => groups.forEach(killGroup));
for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => process.exit(130));

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

/** Stops the app, the worker and the services once they are up (the budget's watchdog calls it too). */
let stopAll: () => Promise<void> = async () => undefined;

const seconds = (name: string, fallback: number) => Number(process.env[name] ?? fallback) * 1000;

/**
 * node --test with a TAP copy to a file, whose `# pass` / `# fail` lines are the count. With `perFile`, each
 * file runs in its own bounded runner (TEST_FILE_TIMEOUT_SECONDS), so one that hangs counts as a failure and
 * the others still run; otherwise the whole layer is bounded by TEST_LAYER_TIMEOUT_SECONDS.
 */
async function nodeTests(name: string, files: string[], env: NodeJS.ProcessEnv, opts: { perFile?: boolean } = {}): Promise<void> {
  if (!files.length) {
    tallies.push({ name, passed: 0, failed: 0, skipped: 0, note: "no test files" });
    return;
  }
  const batches = opts.perFile ? files.map((f) => [f]) : [files];
  const timeoutMs = opts.perFile ? seconds("TEST_FILE_TIMEOUT_SECONDS", 600) : seconds("TEST_LAYER_TIMEOUT_SECONDS", 900);
  const tally: Tally = { name, passed: 0, failed: 0, skipped: 0 };
  const notes: string[] = [];
  tallies.push(tally);
  for (const [i, batch] of batches.entries()) {
    const tap = path.join(OUT, `${name}${batches.length > 1 ? `-${i}` : ""}.tap`);
    fs.rmSync(tap, { force: true });
    const code = await run(process.execPath, ["--import", "tsx", "--import", SERVER_ONLY_HOOK, "--test", "--test-concurrency=1", "--test-timeout=180000", "--test-reporter=spec", "--test-reporter-destination=stdout", "--test-reporter=tap", `--test-reporter-destination=${tap}`, ...batch], env, { timeoutMs });
    const text = fs.existsSync(tap) ? fs.readFileSync(tap, "utf8") : "";
    const num = (k: string) => Number(new RegExp(`^# ${k} (\\d+)$`, "m").exec(text)?.[1] ?? 0);
    const failed = num("fail") + num("cancelled");
    failures.push(...tapFailures(text).map((f) => `[${name}] ${f}`));
    // A runner killed at its bound, or failing with no failure reported, is one failure more.
    const broken = code === 124 || (code !== 0 && failed === 0) ? 1 : 0;
    if (broken) failures.push(`[${name}] ${path.basename(batch[0]!)}: ${code === 124 ? "killed at its bound" : `exited ${code}`}`);
    if (broken) notes.push(`${batches.length > 1 ? path.basename(batch[0]!) : name} ${code === 124 ? `ran past ${timeoutMs / 1000} s` : `exited ${code}`}`);
    tally.passed += code === 124 ? 0 : num("pass");
    tally.failed += (code === 124 ? 0 : failed) + broken;
    tally.skipped += num("skipped") + num("todo");
  }
  if (notes.length) tally.note = notes.join("; ");
}

async function e2eTests(env: NodeJS.ProcessEnv): Promise<void> {
  const report = path.join(OUT, "e2e.json");
  fs.rmSync(report, { force: true });
  // TEST_FILTER narrows e2e to spec files whose path matches, as it narrows the integration files.
  const only = process.env.TEST_FILTER;
  const code = await run(bin("playwright"), ["test", ...(only ? [only] : [])], { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: report }, { timeoutMs: seconds("TEST_E2E_TIMEOUT_SECONDS", 1800) });
  if (!fs.existsSync(report)) {
    tallies.push({ name: "e2e", passed: 0, failed: 1, skipped: 0, note: `playwright exited ${code} without a report` });
    return;
  }
  const json = JSON.parse(fs.readFileSync(report, "utf8")) as PlaywrightReport;
  const stats = json.stats;
  failures.push(...playwrightFailures(json.suites ?? []).map((f) => `[e2e] ${f}`));
  tallies.push({ name: "e2e", passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped });
}

/**
 * Schemathesis over /api/openapi.json against the running app, as a fresh user (scripts/schemathesis/ holds
 * the pinned requirements and the configuration): every check, a few examples per operation, a fixed seed.
 * One result per operation (JUnit), plus the stateful scenarios; a 5xx, a reply outside the document or a
 * schema-valid request refused with 400 fails its operation.
 */
async function fuzzTests(appUrl: string, env: NodeJS.ProcessEnv): Promise<void> {
  const name = "fuzz (schemathesis)";
  const dir = path.join(OUT, "schemathesis");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const provisioned = spawnSync("bash", [path.join(ROOT, "scripts/provision.sh"), "schemathesis"], { env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const st = provisioned.stdout.trim();
  if (provisioned.status !== 0 || !st) {
    tallies.push({ name, passed: 0, failed: 1, skipped: 0, note: "could not install schemathesis (scripts/provision.sh schemathesis)" });
    return;
  }
  const user = `fuzz_${randomBytes(4).toString("hex")}`;
  const reg = await fetch(`${appUrl}/api/auth/register`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username: user, email: `${user}@example.test`, password: randomBytes(12).toString("hex") }) });
  const token = ((await reg.json()) as { data?: { token?: string } }).data?.token;
  if (!token) {
    tallies.push({ name, passed: 0, failed: 1, skipped: 0, note: `could not register the fuzzing user (${reg.status})` });
    return;
  }
  // The app's own document, with Unicode property escapes spelled out (see expand-patterns.ts).
  const document = path.join(dir, "openapi.json");
  fs.writeFileSync(document, JSON.stringify(expandPatterns(await (await fetch(`${appUrl}/api/openapi.json`)).json())));
  const junit = path.join(dir, "junit.xml");
  const args = ["--config-file", path.join(ROOT, "scripts/schemathesis/schemathesis.toml"), "--no-color", "run", document, "--url", appUrl];
  // Every check runs: the default, and the configuration's per-operation exceptions only hold when the
  // command line names no checks.
  args.push("--max-examples", process.env.FUZZ_MAX_EXAMPLES ?? "10", "--seed", process.env.FUZZ_SEED ?? "15", "--request-timeout", "30");
  args.push("--report", "junit", "--report-junit-path", junit);
  // Its coverage, fuzzing and stateful phases took under 300 s on most days of this machine type, and over it
  // on one where everything ran at half speed (coverage 173 s, fuzzing 123 s): the cap is for a hung run.
  const timeoutMs = Number(process.env.FUZZ_TIMEOUT_SECONDS ?? 900) * 1000;
  // Its working folder is test-results/: Schemathesis and Hypothesis keep state beside it.
  // hooks.py: serializers for the text bodies that are not JSON (WHIP's SDP).
  const code = await run(st, args, { ...env, STREAMHUB_FUZZ_TOKEN: token, SCHEMATHESIS_HOOKS: path.join(ROOT, "scripts/schemathesis/hooks.py") }, { cwd: dir, timeoutMs });
  const xml = fs.existsSync(junit) ? fs.readFileSync(junit, "utf8") : "";
  const cases = [...xml.matchAll(/<testcase name="([^"]*)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)].map((m) => ({ name: m[1] ?? "", body: m[3] ?? "" }));
  const failed = cases.filter((c) => /<(failure|error)\b/.test(c.body));
  const skipped = cases.filter((c) => !failed.includes(c) && /<skipped\b/.test(c.body));
  for (const c of failed) {
    const opName = c.name.replace(/&gt;/g, ">").replace(/&lt;/g, "<").replace(/&amp;/g, "&");
    process.stdout.write(`[fuzz] FAIL ${opName}\n`);
    failures.push(`[fuzz] ${opName}`);
  }
  // The run itself failing (timeout, no report, a crash) is a failure even when no operation says so.
  const broken = code !== 0 && failed.length === 0 ? 1 : 0;
  const note = !cases.length ? `schemathesis exited ${code} without a report` : broken ? `schemathesis exited ${code}` : undefined;
  tallies.push({ name, passed: cases.length - failed.length - skipped.length, failed: failed.length + (cases.length ? broken : 1), skipped: skipped.length, note });
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const started = Date.now();
  // The last resort: whatever hangs, the run ends with its summary well inside CI's 90 minutes.
  const budgetMs = seconds("TEST_BUDGET_SECONDS", 4800);
  setTimeout(() => {
    groups.forEach(killGroup);
    void Promise.race([stopAll(), new Promise((r) => setTimeout(r, 20_000))]).finally(() => report(started, `the whole run ran past ${budgetMs / 1000} s`));
  }, budgetMs).unref();

  if (layers.has("static")) {
    checks.push({ name: "eslint", ok: (await run(bin("eslint"), [".", "--max-warnings=0"])) === 0 });
    checks.push({ name: "tsc --noEmit", ok: (await run(bin("tsc"), ["--noEmit"])) === 0 });
  }

  if (layers.has("unit")) {
    const unit = ["lib", "components", "scripts", "bench", "workers"].flatMap((d) => walk(path.join(ROOT, d), (f) => f.endsWith(".test.ts")));
    await nodeTests("unit", unit, childEnv({ NODE_ENV: "test" }));
  }

  if (layers.has("integration") || layers.has("e2e") || layers.has("fuzz")) {
    // `npm run build`: Next's build, then the pages' livekit-client script (lib/http/livekit-script.ts).
    const ok = (await run("npm", ["run", "build"], childEnv({ NEXT_TELEMETRY_DISABLED: "1" }))) === 0;
    checks.push({ name: "next build", ok });
    let services: RunningServices | undefined;
    let app: AppProcess | undefined;
    let mail: MailSink | undefined;
    let worker: MediaWorker | undefined;
    const dataDir = path.join(".data", "test");
    stopAll = async () => {
      await app?.stop();
      await worker?.stop();
      await mail?.stop();
      await services?.stop();
    };
    // Fresh data, but keep pids/: a run that was killed leaves processes the manager must find and stop.
    for (const d of ["ferretdb", "mongo", "media"]) fs.rmSync(path.join(ROOT, dataDir, d), { recursive: true, force: true });
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
          STRIPE_MOCK_PORT: process.env.TEST_STRIPE_PORT ?? "12211",
          MONGODB_URI: process.env.TEST_MONGODB_URI,
          LIVEKIT_URL: undefined,
          REDIS_URL: undefined,
          ...ephemeralLivekitKeys(),
        }),
      );
      // stripe-mock always: tests never reach a real Stripe account, whatever keys the shell holds.
      services = await startServices({ env: svcEnv, appUrl, redis: true, stripe: true });
      const rtmpPort = process.env.TEST_RTMP_PORT ?? "19350";
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
        // Analytics: a viewer away for more than 3 s starts a new view (60 s in production), and the live
        // dashboard's updates come every second, so the tests of both stay short.
        ANALYTICS_VIEW_GAP_SECONDS: "3",
        ANALYTICS_UPDATE_INTERVAL_MS: "1000",
        SOCKET_AUTH_TIMEOUT_MS: "2000",
        // The media worker's RTMP listener, storage and leases (short, so takeover tests stay short).
        RTMP_PORT: rtmpPort,
        RTMP_INGEST_URL: `rtmp://127.0.0.1:${rtmpPort}/live`,
        MEDIA_DIR: path.join(ROOT, dataDir, "media"),
        MEDIA_LEASE_MS: "3000",
        // Small recordings: the recorder's output box (tests publish 320x240).
        RECORDING_SIZE: "640x360",
        // Payments against stripe-mock; tests sign their webhook events with this secret. Connect off, the
        // default deployment (TEST_STRIPE_CONNECT=true turns it on); tests of Connect turn it on in process.
        STRIPE_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString("hex")}`,
        STRIPE_CONNECT: process.env.TEST_STRIPE_CONNECT ?? "false",
        PLATFORM_FEE_PERCENT: "10",
        SUBSCRIPTION_PRICES: "basic:4.99,premium:9.99,vip:24.99",
        SUBSCRIPTION_CURRENCY: "USD",
      };
      worker = await startMediaWorker({ env: appEnv, dataDir });
      app = await startApp({ env: appEnv, port: appPort, production: true, pidFile: path.join(ROOT, dataDir, "pids", "app.pid") });
      const testEnv = childEnv({ ...appEnv, STREAMHUB_TEST_URL: app.url, STREAMHUB_TEST_MAIL_URL: mail.url, NODE_ENV: "test" });
      const only = process.env.TEST_FILTER;
      if (layers.has("integration")) await nodeTests("integration", walk(path.join(ROOT, "tests"), (f) => f.endsWith(".test.ts") && (!only || f.includes(only))).sort(), testEnv, { perFile: true });
      if (layers.has("e2e")) await e2eTests(testEnv);
      // Last: it creates, starts and deletes streams at random, which must not disturb the other layers.
      if (layers.has("fuzz")) {
        await fuzzTests(app.url, childEnv({})).catch((err: unknown) => {
          tallies.push({ name: "fuzz (schemathesis)", passed: 0, failed: 1, skipped: 0, note: err instanceof Error ? err.message : String(err) });
        });
      }
    } catch (err) {
      process.stderr.write(`\n[test] ${err instanceof Error ? err.message : String(err)}\n`);
      checks.push({ name: "services and app start", ok: false });
    } finally {
      await stopAll();
    }
  }

  report(started);
}

/** The summary, ending with the plain `N passed, N failed` line CI reads; exits 0 only when all is green. */
function report(started: number, overrun?: string): never {
  if (overrun) checks.push({ name: overrun, ok: false });
  const passed = tallies.reduce((n, t) => n + t.passed, 0);
  const failed = tallies.reduce((n, t) => n + t.failed, 0) + (overrun ? 1 : 0);
  const skipped = tallies.reduce((n, t) => n + t.skipped, 0);
  process.stdout.write("\n── summary ─────────────────────────────\n");
  for (const c of checks) process.stdout.write(`${c.ok ? "ok  " : "FAIL"} ${c.name}\n`);
  for (const t of tallies) process.stdout.write(`${t.failed ? "FAIL" : "ok  "} ${t.name}: ${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ""}${t.note ? ` (${t.note})` : ""}\n`);
  process.stdout.write(`took ${Math.round((Date.now() - started) / 1000)} s\n`);
  // CI shows the end of the output: each failure's name and the start of its error, just above the count.
  if (failures.length) {
    process.stdout.write("── failures ──\n");
    for (const f of failures.slice(0, 20)) process.stdout.write(`${f.slice(0, 600)}\n`);
    if (failures.length > 20) process.stdout.write(`… and ${failures.length - 20} more\n`);
  }
  process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`);
  process.exit(failed === 0 && checks.every((c) => c.ok) ? 0 : 1);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.stdout.write("0 passed, 1 failed\n");
  process.exit(1);
});
