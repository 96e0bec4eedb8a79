import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { chromium, type Browser } from "@playwright/test";
import { chromiumArgs } from "../playwright.config";
import { confirmEmail } from "../tests/support/mail";
import { ROOT, stats, type Stack } from "./harness";
import { STAMP_JS, stampI420 } from "./stamp";
import { bareViewerServer, publisherScript, viewerProbe } from "./g2g-pages";

/**
 * Glass-to-glass latency: the time a picture was drawn, written into the picture (./stamp), against the
 * time a viewer's browser shows it, on one machine and one clock, over three paths of the production build:
 *  - WebRTC: a host in the studio whose camera is a 720p30 canvas of stamped pictures (the studio's own
 *    token request, preset and simulcast publish) → LiveKit → the watch page in another browser context;
 *    beside it, in the same run, a bare livekit-client page as the baseline.
 *  - RTMP: stamped pictures from Node → ffmpeg/x264 → RTMP → the media worker (decode, publish with
 *    rtc-node) → LiveKit → the watch page.
 *  - HLS: the WebRTC host's stream as the recorder's live HLS, in the watch page's HLS player (hls.js).
 * Each path is bounded (about a minute at most); every figure comes from at least MIN_FRAMES frames.
 */
const [W, H] = (process.env.G2G_SIZE ?? "1280x720").split("x").map(Number) as [number, number];
const FPS = Number(process.env.G2G_FPS ?? 30);
const ROUNDS = Number(process.env.G2G_ROUNDS ?? 2);
const MIN_FRAMES = 300;

type Sample = [shown: number, received: number, width: number, height: number];
/** `failed`: opens that showed no readable frame in time (retried once in a fresh context), with what they showed. */
type Window = { samples: Sample[]; bad: number; seconds: number; failed: string[] };

async function api<T>(base: string, p: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(`${base}${p}`, { method: "POST", headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const json = (await res.json()) as { success: boolean; data: T; error?: unknown };
  if (!json.success) throw new Error(`${p}: ${JSON.stringify(json.error)}`);
  return json.data;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Opens `url` in a fresh browser context with the probe, waits for its first stamped frame, lets it settle
 * for `warmMs` (the first layer, bandwidth estimation, the RTMP server's GOP burst), then records frames until
 * it has `minFrames` and `minMs` went by, or `maxMs` did.
 */
/** `video`: the element whose frames count (the WebRTC player, the HLS player or the bare page's). */
type Bounds = { video: string; firstMs: number; warmMs: number; minFrames: number; minMs: number; maxMs: number };
const PLAYER = 'video[data-testid="player-video"]';

async function watchOnce(browser: Browser, url: string, epoch: number, o: Bounds): Promise<Omit<Window, "failed">> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  try {
    await ctx.addInitScript({ content: STAMP_JS });
    await ctx.addInitScript({ content: viewerProbe(epoch, o.video) });
    const page = await ctx.newPage();
    await page.goto(url, { waitUntil: "commit" });
    await page.waitForFunction(() => (window as unknown as { __g2g: { samples: unknown[] } }).__g2g.samples.length > 0, null, { timeout: o.firstMs, polling: 100 }).catch(async (err: unknown) => {
      // Say what the viewer had: no video at all, or frames whose stamp could not be read (and what they look like).
      const seen = await page.evaluate(() => ({ bad: (window as unknown as { __g2g: { bad: number } }).__g2g.bad, videos: [...document.querySelectorAll("video")].map((v) => `${v.dataset.testid ?? v.id} ${v.videoWidth}x${v.videoHeight} frames ${v.getVideoPlaybackQuality().totalVideoFrames}`) }));
      const shot = path.join(ROOT, ".data", "bench", `g2g-viewer-${Date.now()}.png`);
      await page.screenshot({ path: shot }).catch(() => undefined);
      throw new Error(`no readable stamped frame at ${url.replace(/token=[^&]+/, "token=…")} within ${o.firstMs} ms: ${JSON.stringify(seen)} (screenshot ${shot})`, { cause: err });
    });
    await sleep(o.warmMs);
    await page.evaluate(() => Object.assign((window as unknown as { __g2g: object }).__g2g, { samples: [], bad: 0 }));
    const t0 = Date.now();
    for (;;) {
      await sleep(500);
      const n = await page.evaluate(() => (window as unknown as { __g2g: { samples: unknown[] } }).__g2g.samples.length);
      if ((n >= o.minFrames && Date.now() - t0 >= o.minMs) || Date.now() - t0 >= o.maxMs) break;
    }
    const got = await page.evaluate(() => (window as unknown as { __g2g: { samples: Sample[]; bad: number } }).__g2g);
    return { samples: got.samples, bad: got.bad, seconds: (Date.now() - t0) / 1000 };
  } finally {
    await ctx.close();
  }
}

/** A page that never shows a frame is a figure too (printed), not the end of the bench: one more try, then on. */
async function watch(browser: Browser, url: string, epoch: number, o: Bounds): Promise<Window> {
  const failed: string[] = [];
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      return { ...(await watchOnce(browser, url, epoch, o)), failed };
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      failed.push(msg);
      process.stderr.write(`g2g: ${msg}\n`);
    }
  }
  return { samples: [], bad: 0, seconds: 0, failed };
}

function merge(ws: Window[]): Window {
  return { samples: ws.flatMap((w) => w.samples), bad: ws.reduce((n, w) => n + w.bad, 0), seconds: ws.reduce((n, w) => n + w.seconds, 0), failed: ws.flatMap((w) => w.failed) };
}

function line(label: string, w: Window): string {
  const failed = w.failed.length ? `  [${w.failed.length} open(s) showed no readable frame in time, retried]` : "";
  if (!w.samples.length) return `  ${label.padEnd(26)} no readable frame${failed}: ${w.failed.at(-1) ?? ""}\n`;
  const s = stats(w.samples.map((x) => Math.round(x[0])));
  const recv = w.samples.filter((x) => x[1] >= 0);
  const split = recv.length ? `  [drawn→received median ${stats(recv.map((x) => Math.round(x[1]))).median}, received→shown median ${stats(recv.map((x) => Math.round(x[0] - x[1]))).median}]` : "";
  const sizes = new Map<string, number>();
  for (const x of w.samples) sizes.set(`${x[2]}x${x[3]}`, (sizes.get(`${x[2]}x${x[3]}`) ?? 0) + 1);
  const seen = [...sizes].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${Math.round((100 * n) / Math.max(1, s.n))}%`).join(", ");
  // A queue filling up somewhere shows as a latency that grows through the window.
  const q = Math.floor(s.n / 4);
  const trend = q ? `  first→last quarter median ${stats(w.samples.slice(0, q).map((x) => Math.round(x[0]))).median}→${stats(w.samples.slice(-q).map((x) => Math.round(x[0]))).median}` : "";
  return `  ${label.padEnd(26)} n ${s.n} (${(s.n / w.seconds).toFixed(1)} fps, ${w.bad} unreadable)  median ${s.median}  p95 ${s.p95}  min ${s.min}  max ${s.max}${split}${trend}  layers: ${seen}${failed}\n`;
}

/**
 * Stamped I420 pictures at FPS into `encoder`'s stdin until `stop()` says so. A picture is skipped while the
 * encoder still has two unread (as OBS skips frames when its encoder lags): a queue in front of the encoder
 * would be this bench's latency, not the path's. Answers how many were sent and skipped.
 */
async function generate(epoch: number, stop: () => boolean, encoder: ChildProcess): Promise<{ sent: number; skipped: number }> {
  const size = (W * H * 3) / 2;
  const start = Date.now();
  const done = { sent: 0, skipped: 0 };
  for (let n = 0; !stop(); n++) {
    if ((encoder.stdin?.writableLength ?? 0) >= 2 * size) done.skipped++;
    else {
      const buf = Buffer.alloc(size);
      stampI420(buf, W, H, (Date.now() - epoch) >>> 0, n);
      encoder.stdin?.write(buf);
      done.sent++;
    }
    await sleep(Math.max(0, start + ((n + 1) * 1000) / FPS - Date.now()));
  }
  return done;
}

/** An OBS-like x264 push (as bench/ingest.ts): zerolatency, 2 s GOP, AAC from a sine. */
function x264ToRtmp(url: string): ChildProcess {
  const args = ["-hide_banner", "-loglevel", "error", "-nostdin", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", `${W}x${H}`, "-r", String(FPS), "-i", "pipe:0", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"];
  args.push("-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", String(FPS * 2), "-pix_fmt", "yuv420p", "-c:a", "aac", "-f", "flv", url);
  return spawn("ffmpeg", args, { stdio: ["pipe", "ignore", "inherit"] });
}

const loadavg = () => fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

export async function benchG2g(stack: Stack): Promise<void> {
  const base = stack.url;
  const username = `g2g_${randomBytes(3).toString("hex")}`;
  const password = "bench-password";
  const { token } = await api<{ token: string }>(base, "/api/auth/register", { username, email: `${username}@bench.test`, password });
  await confirmEmail(`${username}@bench.test`, { sink: stack.mailUrl });
  const a = await api<{ streamId: string }>(base, "/api/livestream/create", { title: "G2G bench (WebRTC)", category: "technology" }, token);
  const epoch = Date.now();
  const load0 = loadavg();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: chromiumArgs });
  const bare = await bareViewerServer();
  const children: ChildProcess[] = [];
  let generating = false;
  try {
    // 1. WebRTC: the host goes live from the studio with the stamped canvas as its camera.
    const hostCtx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    await hostCtx.addInitScript({ content: STAMP_JS });
    await hostCtx.addInitScript({ content: publisherScript(epoch, W, H, FPS) });
    const host = await hostCtx.newPage();
    await host.goto(`${base}/login`);
    await host.getByLabel("Username or email").fill(username);
    await host.getByLabel("Password").fill(password);
    await host.getByRole("button", { name: "Log in" }).click();
    await host.waitForURL(`${base}/`);
    await host.goto(`${base}/studio/${a.streamId}`);
    await host.getByRole("button", { name: "Go live" }).click();
    await host.getByTestId("studio-live").waitFor({ timeout: 20_000 });
    await sleep(2_000);
    await host.screenshot({ path: path.join(ROOT, ".data", "bench", "g2g-host.png") }).catch(() => undefined);

    const webrtc = { watch: [] as Window[], bare: [] as Window[] };
    // Each round's two windows share the frames the figure needs: MIN_FRAMES over all rounds of each page.
    const bounds = { firstMs: 20_000, warmMs: 3_000, minFrames: Math.ceil(MIN_FRAMES / ROUNDS), minMs: 8_000, maxMs: 22_000 };
    for (let i = 0; i < ROUNDS; i++) {
      webrtc.watch.push(await watch(browser, `${base}/watch/${a.streamId}`, epoch, { ...bounds, video: PLAYER }));
      const t = await api<{ url: string; token: string }>(base, `/api/livestream/${a.streamId}/token`, {});
      webrtc.bare.push(await watch(browser, `${bare.url}/?url=${encodeURIComponent(t.url)}&token=${encodeURIComponent(t.token)}`, epoch, { ...bounds, video: "video#bare" }));
    }

    // 2. HLS: the same stream, recorded since the go-live, in the watch page's HLS player.
    const hls = await watch(browser, `${base}/watch/${a.streamId}?player=hls`, epoch, { video: 'video[data-testid="hls-video"]', firstMs: 20_000, warmMs: 2_000, minFrames: MIN_FRAMES, minMs: 10_000, maxMs: 35_000 });
    await hostCtx.close();
    await api(base, `/api/livestream/${a.streamId}/end`, {}, token); // one live stream per host

    // 3. RTMP: stamped pictures from Node through x264 and the media worker, to the watch page.
    const b = await api<{ streamId: string; streamKey: string }>(base, "/api/livestream/create", { title: "G2G bench (RTMP)", category: "technology" }, token);
    await api(base, `/api/livestream/${b.streamId}/start`, {}, token);
    const push = x264ToRtmp(`rtmp://127.0.0.1:${stack.rtmpPort}/live/${b.streamKey}`);
    children.push(push);
    push.stdin?.on("error", () => undefined);
    generating = true;
    const gen = generate(epoch, () => !generating, push);
    const rtmp = await watch(browser, `${base}/watch/${b.streamId}`, epoch, { video: PLAYER, firstMs: 20_000, warmMs: 3_000, minFrames: MIN_FRAMES, minMs: 10_000, maxMs: 35_000 });
    generating = false;
    const pushed = await gen;
    push.kill("SIGKILL");
    await api(base, `/api/livestream/${b.streamId}/end`, {}, token);

    const out = process.stdout;
    out.write(`\nglass-to-glass latency (ms): drawn into the picture → shown by a viewer's browser; ${W}x${H}@${FPS}, loopback; load average ${load0} → ${loadavg()}\n`);
    webrtc.watch.forEach((w, i) => out.write(line(`WebRTC watch page, run ${i + 1}`, w)));
    webrtc.bare.forEach((w, i) => out.write(line(`WebRTC bare page, run ${i + 1}`, w)));
    const ww = merge(webrtc.watch);
    const wb = merge(webrtc.bare);
    out.write(line("WebRTC watch page, all", ww));
    out.write(line("WebRTC bare page*, all", wb));
    out.write(line("RTMP → watch page", rtmp));
    out.write(`    (the x264 encoder took ${pushed.sent} pictures and skipped ${pushed.skipped} while it lagged)\n`);
    out.write(line("HLS (hls.js) watch page", hls));
    const med = (w: Window) => stats(w.samples.map((x) => x[0])).median;
    out.write(`  ratio WebRTC watch/bare median ${(med(ww) / med(wb)).toFixed(2)}; RTMP adds ${Math.round(med(rtmp) - med(ww))} ms over WebRTC, HLS ${Math.round(med(hls) - med(ww))} ms\n`);
    out.write(`  * a static page with only livekit-client and a token handed over; per-run medians show the spread\n`);
    out.write(`  target: WebRTC watch page median < 150 ms → ${med(ww) < 150 ? "met" : "NOT met"}\n`);
  } finally {
    generating = false;
    for (const ch of children) ch.kill("SIGKILL");
    bare.close();
    await browser.close();
  }
}
