import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { chromium, type Browser } from "@playwright/test";
import { chromiumArgs } from "../playwright.config";
import { ROOT, stats, type Stack } from "./harness";
import { confirmEmail } from "../tests/support/mail";

/**
 * A viewer's time from opening the watch page to the first decoded frame, over several cold runs (fresh
 * browser context each), while a host publishes 720p with simulcast from Chromium's fake camera. In the
 * same run, the same measure for a bare livekit-client page joining the same room: the baseline.
 */
const RUNS = Number(process.env.TTFF_RUNS ?? 9);

// Records when the first frame of the stream's <video> is decoded (requestVideoFrameCallback).
const FIRST_FRAME_PROBE = `
  window.__firstFrameAt = 0;
  new MutationObserver(() => {
    const v = document.querySelector('video[data-testid="player-video"], video#bare');
    if (v && !v.__probed) {
      v.__probed = true;
      v.requestVideoFrameCallback(() => { window.__firstFrameAt = Date.now(); });
    }
  }).observe(document, { childList: true, subtree: true });
`;

async function api<T>(base: string, p: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(`${base}${p}`, { method: "POST", headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const json = (await res.json()) as { success: boolean; data: T; error?: unknown };
  if (!json.success) throw new Error(`${p}: ${JSON.stringify(json.error)}`);
  return json.data;
}

function bareServer(): Promise<{ url: string; close: () => void }> {
  const lib = fs.readFileSync(path.join(ROOT, "node_modules/livekit-client/dist/livekit-client.esm.mjs"));
  const page = `<!doctype html><html><body><video id="bare" autoplay playsinline muted style="width:640px"></video>
<script type="module">
import { Room, RoomEvent } from "/livekit-client.mjs";
const q = new URLSearchParams(location.search);
const room = new Room({ adaptiveStream: true, dynacast: true });
room.on(RoomEvent.TrackSubscribed, (t) => { if (t.kind === "video") t.attach(document.getElementById("bare")); });
await room.connect(q.get("url"), q.get("token"));
</script></body></html>`;
  const srv = http.createServer((req, res) => {
    if (req.url?.startsWith("/livekit-client.mjs")) res.writeHead(200, { "Content-Type": "text/javascript" }).end(lib);
    else res.writeHead(200, { "Content-Type": "text/html" }).end(page);
  });
  return new Promise((resolve) => srv.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${(srv.address() as { port: number }).port}`, close: () => srv.close() })));
}

async function measure(browser: Browser, url: string): Promise<number> {
  const ctx = await browser.newContext();
  await ctx.addInitScript(FIRST_FRAME_PROBE);
  const page = await ctx.newPage();
  const t0 = Date.now();
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForFunction(() => (window as unknown as { __firstFrameAt: number }).__firstFrameAt > 0, null, { timeout: 20_000, polling: 10 });
  const at = await page.evaluate(() => (window as unknown as { __firstFrameAt: number }).__firstFrameAt);
  await ctx.close();
  return at - t0;
}

export async function benchTtff(stack: Stack): Promise<void> {
  const base = stack.url;
  const username = `bench_${randomBytes(3).toString("hex")}`;
  const password = "bench-password";
  const { token } = await api<{ token: string }>(base, "/api/auth/register", { username, email: `${username}@bench.test`, password });
  await confirmEmail(`${username}@bench.test`, { sink: stack.mailUrl }); // going live needs a confirmed address
  const { streamId } = await api<{ streamId: string }>(base, "/api/livestream/create", { title: "TTFF bench", category: "technology" }, token);

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: chromiumArgs });
  const bare = await bareServer();
  try {
    // The host goes live from the studio at 720p with simulcast (the default preset).
    const host = await (await browser.newContext()).newPage();
    await host.goto(`${base}/login`);
    await host.getByLabel("Username or email").fill(username);
    await host.getByLabel("Password").fill(password);
    await host.getByRole("button", { name: "Log in" }).click();
    await host.waitForURL(`${base}/`);
    await host.goto(`${base}/studio/${streamId}`);
    await host.getByRole("button", { name: "Go live" }).click();
    await host.getByTestId("studio-live").waitFor();
    await host.waitForTimeout(2000);

    const ours: number[] = [];
    const baseline: number[] = [];
    await measure(browser, `${base}/watch/${streamId}`); // warm the server's first render, not the browser cache
    for (let i = 0; i < RUNS; i++) {
      ours.push(await measure(browser, `${base}/watch/${streamId}`));
      // The bare page gets its token handed over (another origin cannot call the API): it skips one request.
      const t = await api<{ url: string; token: string }>(base, `/api/livestream/${streamId}/token`, {});
      baseline.push(await measure(browser, `${bare.url}/?url=${encodeURIComponent(t.url)}&token=${encodeURIComponent(t.token)}`));
    }
    const o = stats(ours);
    const b = stats(baseline);
    process.stdout.write(`\nwatch page → first decoded frame (ms), ${RUNS} cold runs, host 720p simulcast\n`);
    process.stdout.write(`  watch page      median ${o.median}  p95 ${o.p95}  min ${o.min}  max ${o.max}\n`);
    process.stdout.write(`  bare livekit*   median ${b.median}  p95 ${b.p95}  min ${b.min}  max ${b.max}\n`);
    process.stdout.write(`  ratio (watch/bare) median ${(o.median / b.median).toFixed(2)}  p95 ${(o.p95 / b.p95).toFixed(2)}\n`);
    process.stdout.write(`  * a static page with only livekit-client and a token handed over (no app, no token request)\n`);
    process.stdout.write(`  target: median ≤ 800 ms, max ≤ 1200 ms → ${o.median <= 800 && o.max <= 1200 ? "met" : "NOT met"}\n`);
  } finally {
    bare.close();
    await browser.close();
  }
}
