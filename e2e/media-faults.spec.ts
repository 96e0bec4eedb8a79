import fs from "node:fs";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { startApp, type AppProcess } from "../scripts/app-process";
import { startServices, type RunningServices } from "../scripts/services/manager";
import { childEnv, parseServicesConfig } from "../scripts/settings";
import { freePort } from "../scripts/services/process";
import { startMediaWorker, type MediaWorker } from "../scripts/services/worker";
import { goLiveFromStudio } from "./support/studio";
import { createUser, logIn, type E2EUser } from "./support/users";
import { expectMovingVideo, sample } from "./support/video";

/**
 * Faults under a live stream, in real browsers: the host in the studio publishing (360p), a viewer on the
 * watch page. Each test runs its own app process (and, for LiveKit's restart, its own database, LiveKit,
 * Redis and media worker), so killing them leaves the suite's stack alone. Bounds are generous: on a busy
 * two-core machine a browser's first connection alone has taken 10 s.
 */
const DATA_DIR = path.join(".data", "test", "media-faults");
const ROOT = path.resolve(import.meta.dirname, "..");

/** server.ts with its output in a log file (a pipe nobody reads would block it once full). */
async function startLoggedApp(env: Record<string, string>, port: number, name: string): Promise<AppProcess> {
  const app = await startApp({ env, port, production: true, stdio: "pipe" });
  fs.mkdirSync(path.join(ROOT, DATA_DIR, "logs"), { recursive: true });
  const out = fs.createWriteStream(path.join(ROOT, DATA_DIR, "logs", `${name}.log`), { flags: "a" });
  app.child.stdout?.pipe(out);
  app.child.stderr?.pipe(out);
  return app;
}

/** A process and its descendants (tsx runs server.ts in a child node process), from /proc. */
function processTree(pid: number): number[] {
  const kids = (p: number): number[] => {
    try {
      return fs.readdirSync(`/proc/${p}/task`).flatMap((t) => fs.readFileSync(`/proc/${p}/task/${t}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number));
    } catch {
      return [];
    }
  };
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...kids(all[i] ?? 0));
  return all;
}

/** The app crashes: SIGKILL to the server and everything under it (killing tsx alone would leave server.ts serving). */
async function crash(app: AppProcess): Promise<void> {
  const pids = processTree(app.child.pid ?? 0);
  for (const p of pids) {
    try {
      process.kill(p, "SIGKILL");
    } catch {
      // gone
    }
  }
  const alive = (p: number) => {
    try {
      process.kill(p, 0);
      return !fs.readFileSync(`/proc/${p}/stat`, "utf8").includes(") Z ");
    } catch {
      return false;
    }
  };
  await expect.poll(() => pids.some(alive), { timeout: 10_000 }).toBe(false);
}

function testEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === "string"));
}

async function newStream(request: APIRequestContext, user: E2EUser, title: string): Promise<string> {
  const res = await request.post("/api/livestream/create", { headers: { Authorization: `Bearer ${user.token}` }, data: { title, category: "technology" } });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { data: { streamId: string } }).data.streamId;
}

async function pageOn(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  return context.newPage();
}

/** The host goes live from the studio at 360p on `base` and a viewer watches it move; both pages join `pages` (closed by the test). */
async function liveWithViewer(browser: Browser, base: string, request: APIRequestContext, pages: Page[], creator: E2EUser, title: string) {
  const streamId = await newStream(request, creator, title);
  const studio = await pageOn(browser, base);
  pages.push(studio);
  await logIn(studio, creator);
  await goLiveFromStudio(studio, streamId, { preset: "360p" });
  const viewer = await pageOn(browser, base);
  pages.push(viewer);
  await viewer.goto(`/watch/${streamId}`);
  await expect(viewer.getByTestId("player")).toHaveAttribute("data-phase", "live", { timeout: 90_000 });
  await expectMovingVideo(viewer.getByTestId("player-video"), 60_000);
  return { streamId, studio, viewer };
}

async function statusOf(base: string, streamId: string): Promise<string> {
  const res = await fetch(`${base}/api/livestream/${streamId}`);
  return ((await res.json()) as { data: { status: string } }).data.status;
}

/** Frames keep being decoded: the count grows over a second. */
async function framesGrow(page: Page): Promise<boolean> {
  const video = page.getByTestId("player-video");
  const a = await sample(video).catch(() => null);
  await page.waitForTimeout(1000);
  const b = await sample(video).catch(() => null);
  return Boolean(a && b && b.frames > a.frames + 5);
}

test("the app restarted during a live stream: studio and viewer reconnect by themselves and the stream stays live", async ({ browser, request }) => {
  test.setTimeout(360_000);
  const port = await freePort();
  const env = testEnv();
  let app: AppProcess | null = await startLoggedApp(env, port, "app-restart");
  const base = app.url;
  const pages: Page[] = [];
  try {
    const creator = await createUser(request, "afr");
    const { streamId, studio, viewer } = await liveWithViewer(browser, base, request, pages, creator, "App restart");
    await expect(viewer.getByTestId("chat-list")).toBeVisible();

    // The app dies (SIGKILL: no goodbye to any socket) and comes back on the same address.
    await crash(app);
    app = null;
    // Down for real: nothing answers on its address.
    expect(await fetch(`${base}/api/health`).then(() => "answered", () => "refused")).toBe("refused");
    // The media never went through the app: the picture keeps moving while it is down.
    expect(await framesGrow(viewer), "video while the app is down").toBe(true);
    const downAt = Date.now();
    app = await startLoggedApp(env, port, "app-restart");
    console.log(`[media-faults] app down for ${((Date.now() - downAt) / 1000).toFixed(1)} s (restart to healthy)`);

    // Past the host grace period (5 s here) and a sweep of the restarted process: still live.
    await viewer.waitForTimeout(6000);
    expect(await statusOf(base, streamId)).toBe("live");
    // The viewer's socket reconnected and joined the stream's room again: a message sent now reaches it.
    const text = `after the restart ${Date.now()}`;
    await expect
      .poll(
        async () => {
          const res = await request.post(`/api/livestream/${streamId}/chat`, { headers: { Authorization: `Bearer ${creator.token}` }, data: { message: text } });
          expect(res.status()).toBe(201);
          const n = await viewer.getByTestId("chat-message").filter({ hasText: text }).count();
          if (n) console.log(`[media-faults] viewer's chat back ${((Date.now() - downAt) / 1000).toFixed(1)} s after the restart began`);
          return n;
        },
        { timeout: 60_000, intervals: [3000] },
      )
      .toBeGreaterThan(0);
    await expectMovingVideo(viewer.getByTestId("player-video"));
    await expect(viewer.getByTestId("player")).toHaveAttribute("data-phase", "live");
    await expect(studio.getByTestId("studio-live")).toBeVisible();
    await expect(studio.getByTestId("studio-connection")).toHaveCount(0);
    await viewer.screenshot({ path: "test-results/screenshots/fault-app-restart-viewer.png" });
    expect(await statusOf(base, streamId)).toBe("live");
    await request.post(`/api/livestream/${streamId}/end`, { headers: { Authorization: `Bearer ${creator.token}` } });
  } finally {
    for (const p of pages) await p.context().close();
    await app?.stop();
  }
});

test("LiveKit restarted: clear states while it is down (pages, health, tokens), then host and viewers are back", async ({ browser }) => {
  test.setTimeout(420_000);
  const appPort = await freePort();
  const appUrl = `http://127.0.0.1:${appPort}`;
  const env = testEnv();
  // Its own database, LiveKit (webhooks to this test's app), Redis and media worker (the recorder joins this
  // LiveKit): the app restores every on-air stream's room in *its* LiveKit, which must not touch the suite's streams.
  const [mongo, lk, tcp, udp, redis] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  fs.rmSync(path.join(ROOT, DATA_DIR, "ferretdb"), { recursive: true, force: true });
  const svcEnv = parseServicesConfig(
    childEnv({ STREAMHUB_DATA_DIR: DATA_DIR, MONGODB_URI: undefined, MONGO_PORT: String(mongo), LIVEKIT_URL: undefined, REDIS_URL: undefined, LIVEKIT_PORT: String(lk), LIVEKIT_RTC_TCP_PORT: String(tcp), LIVEKIT_RTC_UDP_PORT: String(udp), REDIS_PORT: String(redis) }),
  );
  const services: RunningServices = await startServices({ env: svcEnv, appUrl, redis: true, stripe: false, log: () => undefined });
  let app: AppProcess | null = null;
  let worker: MediaWorker | null = null;
  let api: APIRequestContext | null = null;
  const pages: Page[] = [];
  try {
    const stackEnv = { ...env, ...services.env, MEDIA_DIR: path.join(ROOT, DATA_DIR, "media"), MEDIA_RTMP: "false" };
    worker = await startMediaWorker({ env: stackEnv, dataDir: DATA_DIR, name: "media-worker-faults" });
    app = await startLoggedApp(stackEnv, appPort, "livekit-restart");
    api = await playwrightRequest.newContext({ baseURL: appUrl });
    const health = async () => {
      const res = await fetch(`${appUrl}/api/health`, { headers: { Authorization: `Bearer ${env.HEALTH_TOKEN}` } });
      return { status: res.status, body: (await res.json()) as { data: { status: string; checks: Record<string, { ok: boolean; error?: string }> } } };
    };
    const token = async (user: E2EUser) => {
      const res = await fetch(`${appUrl}/api/livestream/${streamId}/token`, { method: "POST", headers: { Authorization: `Bearer ${user.token}` } });
      return { status: res.status, code: ((await res.json()) as { error?: { code: string } }).error?.code ?? null };
    };
    expect((await health()).body.data.checks.livekit?.ok).toBe(true);

    const creator = await createUser(api, "lkr");
    const { streamId, studio, viewer } = await liveWithViewer(browser, appUrl, api, pages, creator, "LiveKit restart");

    // LiveKit crashes.
    const killedAt = Date.now();
    await services.livekit?.stop("SIGKILL");
    // Health says which dependency is down (and anonymous monitors get 503 degraded).
    await expect.poll(async () => (await health()).body.data.checks.livekit?.ok, { timeout: 10_000 }).toBe(false);
    expect((await fetch(`${appUrl}/api/health`)).status).toBe(503);
    // Tokens: a clear 503 with its code, for the host and for a viewer alike, not a 500.
    await expect.poll(async () => (await token(creator)).code, { timeout: 10_000 }).toBe("MEDIA_SERVER_UNAVAILABLE");
    const other = await createUser(api, "lkv");
    // Within a probe period (2 s) for a viewer, whose token needs no call to LiveKit.
    await expect.poll(() => token(other), { timeout: 10_000 }).toEqual({ status: 503, code: "MEDIA_SERVER_UNAVAILABLE" });
    // The pages say so: the open player is reconnecting, the studio too, and a newcomer is told the media server is unavailable.
    await expect(viewer.getByTestId("player-reconnecting").or(viewer.getByTestId("player-overlay"))).toBeVisible({ timeout: 15_000 });
    await expect(studio.getByTestId("studio-connection")).toBeVisible({ timeout: 15_000 });
    const newcomer = await pageOn(browser, appUrl);
    pages.push(newcomer);
    await newcomer.goto(`/watch/${streamId}`);
    await expect(newcomer.getByTestId("player")).toHaveAttribute("data-phase", "media-down", { timeout: 60_000 });
    await expect(newcomer.getByTestId("player-overlay")).toContainText("Media server unavailable");
    await newcomer.screenshot({ path: "test-results/screenshots/fault-livekit-down-viewer.png" });
    await studio.screenshot({ path: "test-results/screenshots/fault-livekit-down-studio.png" });
    // Down for longer than the host grace period (5 s here): the outage is not the host leaving.
    await viewer.waitForTimeout(4000);
    expect(await statusOf(appUrl, streamId)).toBe("live");
    // Down until the studio's livekit-client has given its room up (its retries take 30–45 s) and the studio's own
    // rejoins are refused: the studio must then publish its camera into a new room. livekit-client stops the
    // local tracks of a room it gives up unless told not to; when LiveKit came back sooner, whether it gave up
    // depended on timing, and this test failed now and then on a black studio.
    await expect(studio.getByTestId("studio-connection")).toContainText("Media server unavailable", { timeout: 90_000 });

    // LiveKit comes back, empty: the app makes the room again, the host's studio and both viewers rejoin.
    console.log(`[media-faults] LiveKit down for ${((Date.now() - killedAt) / 1000).toFixed(1)} s`);
    const backAt = Date.now();
    await services.livekit?.start();
    await expect.poll(async () => (await health()).body.data.checks.livekit?.ok, { timeout: 10_000 }).toBe(true);
    // The clients first spend livekit-client's retries on their old sessions (about 30–45 s), then rejoin.
    await expect.poll(() => framesGrow(viewer), { timeout: 90_000, intervals: [2000] }).toBe(true);
    console.log(`[media-faults] the open viewer decodes video again ${((Date.now() - backAt) / 1000).toFixed(1)} s after LiveKit was started again`);
    await expect.poll(() => framesGrow(newcomer), { timeout: 60_000, intervals: [2000] }).toBe(true);
    console.log(`[media-faults] the newcomer decodes video ${((Date.now() - backAt) / 1000).toFixed(1)} s after`);
    await expect(viewer.getByTestId("player")).toHaveAttribute("data-phase", "live");
    await expect(newcomer.getByTestId("player")).toHaveAttribute("data-phase", "live");
    await expect(studio.getByTestId("studio-connection")).toHaveCount(0, { timeout: 15_000 });
    await expect(studio.getByTestId("studio-live")).toBeVisible();
    expect((await token(other)).status).toBe(200);
    // Consistent afterwards: the host is back, so nothing ends the stream once the grace period has passed again.
    await viewer.waitForTimeout(7000);
    expect(await statusOf(appUrl, streamId)).toBe("live");
    await viewer.screenshot({ path: "test-results/screenshots/fault-livekit-back-viewer.png" });
    await api.post(`/api/livestream/${streamId}/end`, { headers: { Authorization: `Bearer ${creator.token}` } });
  } finally {
    await api?.dispose();
    for (const p of pages) await p.context().close();
    await app?.stop();
    await worker?.stop();
    await services.stop();
  }
});
