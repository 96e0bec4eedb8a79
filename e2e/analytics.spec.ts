import fs from "node:fs";
import { io, type Socket } from "socket.io-client";
import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./support/csp";
import { createUser, logIn, type E2EUser } from "./support/users";
import { startedStream } from "./support/streams";

const SHOTS = "test-results/screenshots";
type Ack = { success: boolean; data?: unknown; error?: { code: string; message: string } };

/** A signed-in viewer as a Socket.IO client (another person, another device): connected, then joined to the stream. */
async function socketViewer(baseURL: string, user: E2EUser, streamId: string, sockets: Socket[]): Promise<Socket> {
  const s = io(baseURL, { transports: ["websocket"], reconnection: false, forceNew: true, auth: { token: user.token } });
  sockets.push(s);
  await new Promise<void>((resolve, reject) => {
    s.once("connect", () => resolve());
    s.once("connect_error", reject);
  });
  const joined = (await s.timeout(5000).emitWithAck("join_stream", { streamId })) as Ack;
  expect(joined.success, JSON.stringify(joined.error)).toBe(true);
  return s;
}

const emit = (s: Socket, event: string, payload: unknown) => s.timeout(5000).emitWithAck(event, payload) as Promise<Ack>;

/** The figure of a summary card, as a number. */
async function stat(page: Page, id: string): Promise<number> {
  return Number(((await page.getByTestId(`stat-${id}-value`).textContent()) ?? "").replace(/[^\d.]/g, ""));
}

/** Script bytes over the network for a cold load of `path` (a fresh context: no cache), from the Resource Timing entries. */
async function scriptWeight(browser: Browser, baseURL: string, signedIn: Page, path: string, heading: string): Promise<{ transfer: number; decoded: number; files: number }> {
  const cold = await browser.newContext({ baseURL, storageState: await signedIn.context().storageState() });
  try {
    const p = await cold.newPage();
    await p.goto(path, { waitUntil: "networkidle" });
    await expect(p.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    return await p.evaluate(() => {
      const scripts = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter((e) => e.initiatorType === "script" || /\.js(\?|$)/.test(new URL(e.name).pathname));
      return { transfer: scripts.reduce((a, e) => a + e.transferSize, 0), decoded: scripts.reduce((a, e) => a + e.decodedBodySize, 0), files: scripts.length };
    });
  } finally {
    await cold.close();
  }
}

test("the owner's stream report counts viewers up live, without a reload, while the stream is on air", async ({ page, newPage, request, baseURL, browser }) => {
  test.setTimeout(120_000);
  const base = baseURL ?? "http://127.0.0.1:3000";
  const owner = await createUser(request, "anowner");
  const streamId = await startedStream(request, owner, "Analytics live test", "technology");
  const sockets: Socket[] = [];
  try {
    // From the dashboard to the stream's report, as the owner goes there.
    await logIn(page, owner);
    await page.goto("/dashboard");
    await page.getByTestId("my-stream").filter({ hasText: "Analytics live test" }).getByTestId("stream-analytics-link").click();
    await expect(page).toHaveURL(new RegExp(`/dashboard/analytics/${streamId}$`));
    await expect(page.getByTestId("stream-report")).toHaveAttribute("data-status", "live");
    await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
    await expect(page.getByTestId("stat-currentViewers-value")).toHaveText("0");
    // A reload would lose this mark: the numbers below must arrive over the socket.
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

    // A viewer in a browser (anonymous), then two signed-in viewers over Socket.IO: the count climbs 1, 2, 3.
    const watcher = await newPage();
    await watcher.goto(`/watch/${streamId}`);
    await expect(page.getByTestId("stat-currentViewers-value")).toHaveText("1", { timeout: 20_000 });
    const v1 = await createUser(request, "anview");
    const s1 = await socketViewer(base, v1, streamId, sockets);
    await expect(page.getByTestId("stat-currentViewers-value")).toHaveText("2", { timeout: 20_000 });
    const v2 = await createUser(request, "anview");
    const s2 = await socketViewer(base, v2, streamId, sockets);
    await expect(page.getByTestId("stat-currentViewers-value")).toHaveText("3", { timeout: 20_000 });
    expect(await stat(page, "peakViewers")).toBe(3);
    expect(await stat(page, "totalViews")).toBeGreaterThanOrEqual(3);

    // The host's studio reports its upload quality (here the host's own socket, as the studio's would).
    const host = await socketViewer(base, owner, streamId, sockets);
    const metrics = await emit(host, "update_stream_metrics", { streamId, metrics: { bitrateKbps: 1850, fps: 30, droppedFrames: 4, packetLoss: 0.4, rttMs: 38 } });
    expect(metrics.success, JSON.stringify(metrics.error)).toBe(true);
    expect(await stat(page, "currentViewers")).toBe(3);

    // Chat and reactions move their cards and the engagement chart live too.
    for (const [s, text] of [[s1, "hello!"], [s2, "great stream"], [s1, "gg"]] as const) expect((await emit(s, "stream_chat_message", { streamId, message: text })).success).toBe(true);
    expect((await emit(s2, "stream_reaction", { streamId, emoji: "🔥" })).success).toBe(true);
    await expect.poll(() => stat(page, "chatMessages"), { timeout: 20_000 }).toBe(3);
    await expect.poll(() => stat(page, "reactions"), { timeout: 20_000 }).toBe(1);
    await expect(page.getByTestId("chart-viewers").getByRole("img")).toBeVisible();
    await expect(page.getByTestId("chart-engagement").getByRole("img")).toBeVisible();

    // A viewer leaves: the count falls, the peak stays.
    expect((await emit(s2, "leave_stream", { streamId })).success).toBe(true);
    await expect(page.getByTestId("stat-currentViewers-value")).toHaveText("2", { timeout: 20_000 });
    expect(await stat(page, "peakViewers")).toBe(3);
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);

    // The table behind the viewers chart carries the same numbers (keyboard and screen-reader users).
    await page.getByTestId("chart-viewers").getByText("Show as a table").click();
    await expect(page.getByRole("table", { name: "Viewers per minute" })).toContainText("3");

    // Audience and quality are read with the report (on load, then every 30 s): a reload shows them now.
    await page.reload();
    await expect(page.getByTestId("chart-bitrate").getByRole("img")).toBeVisible();
    await expect(page.getByTestId("geo")).toContainText("Unknown");
    await expect(page.getByTestId("browsers")).toContainText("Chrome");
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/analytics-report-desktop.png`, fullPage: true });
    const phone = await browser.newContext({ baseURL: base, viewport: { width: 390, height: 844 }, storageState: await page.context().storageState() });
    try {
      const m = await phone.newPage();
      await m.goto(`/dashboard/analytics/${streamId}`);
      await expect(m.getByTestId("stat-currentViewers-value")).toHaveText("2", { timeout: 20_000 });
      await m.screenshot({ path: `${SHOTS}/analytics-report-mobile.png`, fullPage: true });
      // No sideways scrolling on a phone.
      expect(await m.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await m.goto("/dashboard/analytics");
      await expect(m.getByTestId("recent-stream").filter({ hasText: "Analytics live test" })).toBeVisible({ timeout: 20_000 });
      await m.screenshot({ path: `${SHOTS}/analytics-channel-mobile.png`, fullPage: true });
      expect(await m.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await phone.close();
    }

    // The channel page: the range switch, and the stream in its list, linking back to the report.
    await page.goto("/dashboard/analytics");
    await page.getByRole("button", { name: "7 days" }).click();
    await expect(page.getByRole("button", { name: "7 days" })).toHaveAttribute("aria-pressed", "true");
    const row = page.getByTestId("recent-stream").filter({ hasText: "Analytics live test" });
    await expect(row).toBeVisible({ timeout: 20_000 });
    await page.screenshot({ path: `${SHOTS}/analytics-channel-desktop.png`, fullPage: true });
    await row.click();
    await expect(page).toHaveURL(new RegExp(`/dashboard/analytics/${streamId}$`));

    // The stream ends: the report says so without a reload, and stops counting the duration.
    await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
    expect((await request.post(`/api/livestream/${streamId}/end`, { headers: { Authorization: `Bearer ${owner.token}` } })).status()).toBe(200);
    await expect(page.getByTestId("stream-report")).toHaveAttribute("data-status", "ended", { timeout: 15_000 });
    await expect(page.getByTestId("live-indicator")).toHaveCount(0);
    await expect(page.getByTestId("stat-currentViewers")).toContainText("Stream ended");
    const ended = await page.getByTestId("stat-duration-value").textContent();
    await page.waitForTimeout(1500);
    await expect(page.getByTestId("stat-duration-value")).toHaveText(ended ?? "");

    // The CSV export answers to the owner's session.
    const csv = await page.request.get(`/api/livestream/user/analytics/${streamId}/export.csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");

    // What the report page weighs on a cold load (no cache): printed for the record, bounded so it cannot creep.
    // The earnings page (same layout, no charts) is the baseline: the difference is what the charts cost.
    const w = await scriptWeight(browser, base, page, `/dashboard/analytics/${streamId}`, "Analytics live test");
    const baseline = await scriptWeight(browser, base, page, "/dashboard/earnings", "Earnings");
    const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
    console.log(`[analytics] report page JS on a cold load: ${w.files} scripts, ${kib(w.transfer)} transferred, ${kib(w.decoded)} decoded; earnings page: ${baseline.files} scripts, ${kib(baseline.transfer)} transferred, ${kib(baseline.decoded)} decoded`);
    fs.writeFileSync("test-results/analytics-js-weight.json", JSON.stringify({ report: w, earnings: baseline }));
    expect(w.transfer).toBeGreaterThan(0);
    expect(w.transfer).toBeLessThan(1024 * 1024);
  } finally {
    for (const s of sockets) s.close();
  }
});

test("someone else cannot see a stream's analytics: the page says so", async ({ page, request }) => {
  const owner = await createUser(request, "anowner");
  const other = await createUser(request, "anstranger");
  const streamId = await startedStream(request, owner, "Private numbers", "technology");
  await logIn(page, other);
  await page.goto(`/dashboard/analytics/${streamId}`);
  await expect(page.getByTestId("report-unavailable")).toBeVisible();
  await expect(page.getByTestId("stat-currentViewers")).toHaveCount(0);
});
