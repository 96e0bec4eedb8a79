import type { Browser, CDPSession } from "@playwright/test";

/**
 * One cold page load (a fresh browser context: empty cache, no cookies) measured from `page.goto` to the
 * first decoded frame, with what the browser saw on the way: JavaScript bytes transferred (from the
 * DevTools protocol's network events, since Next 16 prints no sizes), LCP, and the moments of the load's
 * milestones, so a slow run says where its time went.
 */

// Records when the first frame of the stream's <video> is decoded (requestVideoFrameCallback), and the
// page's largest contentful paint as the browser reports it (the last candidate wins).
const PROBE = `
  window.__firstFrameAt = 0;
  window.__lcp = 0;
  new MutationObserver(() => {
    const v = document.querySelector('video[data-testid="player-video"], video#bare');
    if (v && !v.__probed) {
      v.__probed = true;
      v.requestVideoFrameCallback(() => { window.__firstFrameAt = Date.now(); });
    }
  }).observe(document, { childList: true, subtree: true });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) { window.__lcp = e.startTime; window.__lcpWhat = (e.element ? e.element.tagName + "." + String(e.element.className).slice(0, 40) : "?") + " " + e.size + "px² at " + Math.round(e.startTime); } }).observe({ type: "largest-contentful-paint", buffered: true });
`;

/** Milestones of one load, in ms after `page.goto` was called (NaN when not seen). */
export type Milestones = {
  /** The HTML's first byte, and its last. */
  htmlFirstByte: number;
  htmlDone: number;
  /** DOMContentLoaded: every parser-blocking and deferred script ran (hydration starts around here). */
  domContentLoaded: number;
  /** The last script that finished downloading before the first frame. */
  scriptsDone: number;
  /** A media token asked of the API (none when the page carried one). */
  tokenRequest: number;
  /** LiveKit's signal WebSocket: opened (the client started connecting) and its handshake answered. */
  signalOpen: number;
  signalUp: number;
  /**
   * The watch page's marks: the early join began (early-room.ts), hydration was let go (early-entry.ts), and
   * the hydrated player asked for its room.
   */
  earlyJoin: number;
  hydrate: number;
  playerRoom: number;
  firstFrame: number;
};

/** `lcp` and `fcp` are in ms after navigation start, as the browser reports them; `lcpTag`: the LCP element's tag. */
export type Load = { ttff: number; /** Why hydration was let go (early-entry.ts: picture, press or timeout), "—" without the mark. */ hydrateWhy: string; /** LiveKit signal connections the load opened (more than one: a join was retried). */ signals: number; jsBytes: number; jsBytesBeforeFrame: number; jsFiles: number; lcp: number; fcp: number; lcpTag: string; at: Milestones };

type Net = { wall0: number; mono0: number; scripts: Map<string, { bytes: number; doneAt: number }>; ms: Partial<Milestones>; signals: number };

/** Follows the page's network through the DevTools protocol: scripts and their encoded bytes, the milestones. */
async function watchNetwork(cdp: CDPSession, t0: number): Promise<Net> {
  const net: Net = { wall0: 0, mono0: 0, scripts: new Map(), ms: {}, signals: 0 };
  const kinds = new Map<string, string>();
  // Protocol timestamps are monotonic seconds; the document request gives the wall clock they map to.
  const at = (mono: number) => (net.wall0 ? net.wall0 + (mono - net.mono0) * 1000 - t0 : NaN);
  cdp.on("Network.requestWillBeSent", (e) => {
    if (!net.wall0 && e.type === "Document") {
      net.wall0 = e.wallTime * 1000;
      net.mono0 = e.timestamp;
    }
    if (/\/api\/livestream\/[^/]+\/token/.test(e.request.url) && net.ms.tokenRequest === undefined) net.ms.tokenRequest = at(e.timestamp);
  });
  cdp.on("Network.responseReceived", (e) => {
    kinds.set(e.requestId, e.type);
    const tm = e.response.timing;
    // TTFF_NET=1: each response's queueing and server wait (a slow static file shows here).
    if (process.env.TTFF_NET && tm) process.stdout.write(`    net ${e.type.padEnd(10)} queued ${Math.round(at(tm.requestTime))} +send ${Math.round(tm.sendStart)} +headers ${Math.round(tm.receiveHeadersEnd)} conn ${e.response.connectionId} ${e.response.url.slice(-40)}\n`);
    if (e.type === "Document" && net.ms.htmlFirstByte === undefined) net.ms.htmlFirstByte = at(e.timestamp);
  });
  cdp.on("Network.loadingFinished", (e) => {
    const kind = kinds.get(e.requestId);
    if (kind === "Document" && net.ms.htmlDone === undefined) net.ms.htmlDone = at(e.timestamp);
    if (kind === "Script") net.scripts.set(e.requestId, { bytes: e.encodedDataLength, doneAt: at(e.timestamp) });
  });
  cdp.on("Network.webSocketCreated", (e) => {
    // It carries no timestamp: the moment it is seen here is close enough (loopback, same machine).
    if (!e.url.includes("/rtc")) return;
    net.signals++;
    if (net.ms.signalOpen === undefined) net.ms.signalOpen = Date.now() - t0;
  });
  cdp.on("Network.webSocketHandshakeResponseReceived", (e) => {
    if (net.ms.signalOpen !== undefined && net.ms.signalUp === undefined) net.ms.signalUp = at(e.timestamp);
  });
  await cdp.send("Network.enable");
  return net;
}

/** Opens `url` in a fresh context and waits for its first decoded frame (20 s at most), then for the network to settle. */
export async function coldLoad(browser: Browser, url: string, tracePath?: string): Promise<Load> {
  const ctx = await browser.newContext();
  try {
    await ctx.addInitScript(PROBE);
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    // TTFF_TRACE: a DevTools trace of this load (script evaluation, long tasks), for chrome://tracing or a script.
    if (tracePath) await browser.startTracing(page, { path: tracePath, categories: (process.env.TTFF_TRACE_CATEGORIES ?? "devtools.timeline,v8.execute,blink.user_timing").split(",") });
    const t0 = Date.now();
    const net = await watchNetwork(cdp, t0);
    await page.goto(url, { waitUntil: "commit" });
    // A run without a frame in 20 s counts as 20 s (the machine is shared: one slow run must not end the bench).
    const seen = await page.waitForFunction(() => (window as unknown as { __firstFrameAt: number }).__firstFrameAt > 0, null, { timeout: 20_000, polling: 10 }).then(() => true, () => false);
    const frameAt = seen ? (await page.evaluate(() => (window as unknown as { __firstFrameAt: number }).__firstFrameAt)) - t0 : 20_000;
    if (tracePath) await browser.stopTracing();
    // Whatever the page loads after the first frame (lazy panels, chat) still counts as the cold load's JS.
    await page.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => undefined);
    const page2 = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
      // No helper function here: tsx names functions with a __name the page does not have.
      const entries = ["streamhub:early-join", "streamhub:player-room", "streamhub:hydrate"].map((n) => performance.getEntriesByName(n, "mark")[0] as PerformanceMark | undefined);
      const marks = entries.map((e) => e?.startTime);
      return {
        lcp: (window as unknown as { __lcp: number }).__lcp,
        lcpWhat: (window as unknown as { __lcpWhat?: string }).__lcpWhat,
        fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN,
        dcl: nav?.domContentLoadedEventStart ? performance.timeOrigin + nav.domContentLoadedEventStart : 0,
        earlyJoin: marks[0] === undefined ? 0 : performance.timeOrigin + marks[0],
        playerRoom: marks[1] === undefined ? 0 : performance.timeOrigin + marks[1],
        hydrate: marks[2] === undefined ? 0 : performance.timeOrigin + marks[2],
        hydrateWhy: String(entries[2]?.detail ?? "—"),
      };
    });
    // TTFF_NET=1 also names the page's LCP element.
    if (process.env.TTFF_NET) process.stdout.write(`    lcp ${page2.lcpWhat}\n`);
    const scripts = [...net.scripts.values()];
    const before = scripts.filter((s) => s.doneAt <= frameAt);
    return {
      ttff: frameAt,
      signals: net.signals,
      hydrateWhy: page2.hydrateWhy,
      jsBytes: scripts.reduce((n, s) => n + s.bytes, 0),
      jsBytesBeforeFrame: before.reduce((n, s) => n + s.bytes, 0),
      jsFiles: scripts.length,
      lcp: page2.lcp,
      fcp: page2.fcp,
      lcpTag: (page2.lcpWhat ?? "?").split(".")[0] ?? "?",
      at: {
        htmlFirstByte: net.ms.htmlFirstByte ?? NaN,
        htmlDone: net.ms.htmlDone ?? NaN,
        domContentLoaded: page2.dcl ? page2.dcl - t0 : NaN,
        scriptsDone: before.length ? Math.max(...before.map((s) => s.doneAt)) : NaN,
        tokenRequest: net.ms.tokenRequest ?? NaN,
        signalOpen: net.ms.signalOpen ?? NaN,
        signalUp: net.ms.signalUp ?? NaN,
        earlyJoin: page2.earlyJoin ? page2.earlyJoin - t0 : NaN,
        hydrate: page2.hydrate ? page2.hydrate - t0 : NaN,
        playerRoom: page2.playerRoom ? page2.playerRoom - t0 : NaN,
        firstFrame: frameAt,
      },
    };
  } finally {
    await ctx.close();
  }
}
