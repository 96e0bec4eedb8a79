import path from "node:path";
import { randomBytes } from "node:crypto";
import { chromium } from "@playwright/test";
import { chromiumArgs } from "../playwright.config";
import { stats, type Stack } from "./harness";
import { coldLoad, type Load, type Milestones } from "./ttff-probe";
import { bareViewerServer } from "./g2g-pages";
import { confirmEmail } from "../tests/support/mail";

/**
 * A viewer's time from opening the watch page to the first decoded frame, over several cold runs (fresh
 * browser context each), while a host publishes 720p with simulcast from Chromium's fake camera. In the
 * same run, the same measure for a bare livekit-client page joining the same room: the baseline.
 */
const RUNS = Number(process.env.TTFF_RUNS ?? 9);
/** TTFF_TRACE=<dir>: DevTools traces of the first watch-page and bare-page loads (watch.json, bare.json). */
const TRACE = process.env.TTFF_TRACE;

async function api<T>(base: string, p: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(`${base}${p}`, { method: "POST", headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const json = (await res.json()) as { success: boolean; data: T; error?: unknown };
  if (!json.success) throw new Error(`${p}: ${JSON.stringify(json.error)}`);
  return json.data;
}

export async function benchTtff(stack: Stack): Promise<void> {
  const base = stack.url;
  const username = `bench_${randomBytes(3).toString("hex")}`;
  const password = "bench-password";
  const { token } = await api<{ token: string }>(base, "/api/auth/register", { username, email: `${username}@bench.test`, password });
  await confirmEmail(`${username}@bench.test`, { sink: stack.mailUrl }); // going live needs a confirmed address
  const { streamId } = await api<{ streamId: string }>(base, "/api/livestream/create", { title: "TTFF bench", category: "technology" }, token);

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: chromiumArgs });
  const bare = await bareViewerServer("640px");
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

    const ours: Load[] = [];
    const baseline: Load[] = [];
    // Warm the server's first render (and its Brotli copies of the page's scripts), not the browser cache.
    await coldLoad(browser, `${base}/watch/${streamId}`).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 3000));
    const bareUrl = async () => {
      // The bare page gets its token handed over (another origin cannot call the API): it skips one request.
      const t = await api<{ url: string; token: string }>(base, `/api/livestream/${streamId}/token`, {});
      return `${bare.url}/?url=${encodeURIComponent(t.url)}&token=${encodeURIComponent(t.token)}`;
    };
    for (let i = 0; i < RUNS; i++) {
      // Alternate which page goes first, so neither always follows the other's teardown.
      if (i % 2 === 0) {
        ours.push(await coldLoad(browser, `${base}/watch/${streamId}`, i === 0 && TRACE ? path.join(TRACE, "watch.json") : undefined));
        baseline.push(await coldLoad(browser, await bareUrl(), i === 0 && TRACE ? path.join(TRACE, "bare.json") : undefined));
      } else {
        baseline.push(await coldLoad(browser, await bareUrl()));
        ours.push(await coldLoad(browser, `${base}/watch/${streamId}`));
      }
    }
    report(ours, baseline);
  } finally {
    bare.close();
    await browser.close();
  }
}

const kB = (b: number) => (b / 1000).toFixed(0);

function report(ours: Load[], baseline: Load[]): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const o = stats(ours.map((l) => l.ttff));
  const b = stats(baseline.map((l) => l.ttff));
  out(`\nwatch page → first decoded frame (ms), ${RUNS} cold runs each (fresh context), alternating, host 720p simulcast`);
  out(`  watch page      median ${o.median}  p95 ${o.p95}  min ${o.min}  max ${o.max}`);
  out(`  bare livekit*   median ${b.median}  p95 ${b.p95}  min ${b.min}  max ${b.max}`);
  out(`  ratio (watch/bare) median ${(o.median / b.median).toFixed(2)}  p95 ${(o.p95 / b.p95).toFixed(2)}  max/bare median ${(o.max / b.median).toFixed(2)}  max/bare max ${(o.max / b.max).toFixed(2)}`);
  out(`  * a static page with only livekit-client (unminified, uncompressed) and a token handed over (no app, no token request)`);
  const js = stats(ours.map((l) => l.jsBytes));
  const jsFirst = stats(ours.map((l) => l.jsBytesBeforeFrame));
  const lcp = stats(ours.map((l) => Math.round(l.lcp)));
  out(`  watch page JS transferred, cold (kB, encoded bytes of every script until the network settles): median ${kB(js.median)}  min ${kB(js.min)}  max ${kB(js.max)}  (${ours[0]?.jsFiles ?? 0} files; before the first frame: median ${kB(jsFirst.median)})`);
  out(`  bare page JS transferred (kB): median ${kB(stats(baseline.map((l) => l.jsBytes)).median)}`);
  const fcp = stats(ours.map((l) => Math.round(l.fcp)).filter(Number.isFinite));
  const afterFcp = stats(ours.map((l) => Math.round(l.lcp - l.fcp)).filter(Number.isFinite));
  const tags = [...ours.reduce((m, l) => m.set(l.lcpTag, (m.get(l.lcpTag) ?? 0) + 1), new Map<string, number>())].map(([t, n]) => `${t} ×${n}`).join(", ");
  out(`  watch page LCP (ms): median ${lcp.median}  p95 ${lcp.p95}  max ${lcp.max}; first contentful paint median ${fcp.median}; LCP after it: median ${afterFcp.median}, max ${afterFcp.max}; LCP element: ${tags}`);
  out(`  where the time goes, median ms after page.goto (watch page | bare page):`);
  const keys: (keyof Milestones)[] = ["htmlFirstByte", "htmlDone", "scriptsDone", "domContentLoaded", "tokenRequest", "earlyJoin", "hydrate", "playerRoom", "signalOpen", "signalUp", "firstFrame"];
  for (const k of keys) {
    const m = (ls: Load[]) => {
      const v = ls.map((l) => l.at[k]).filter((x) => Number.isFinite(x));
      return v.length ? String(Math.round(stats(v).median)) : "—";
    };
    out(`    ${k.padEnd(17)} ${m(ours).padStart(6)} | ${m(baseline).padStart(6)}`);
  }
  const why = [...ours.reduce((m, l) => m.set(l.hydrateWhy, (m.get(l.hydrateWhy) ?? 0) + 1), new Map<string, number>())].map(([w, n]) => `${w} ×${n}`).join(", ");
  out(`  hydration let go by (components/player/early-entry.ts): ${why}`);
  // The tail decides "max ≤ 2×": each of the slowest watch loads, milestone by milestone.
  const row = (l: Load) => keys.map((k) => `${k} ${Number.isFinite(l.at[k]) ? Math.round(l.at[k]) : "—"}`).join(", ") + `; signal connections ${l.signals}; hydration let go by ${l.hydrateWhy}`;
  out(`  the slowest watch loads (ms after page.goto):`);
  for (const l of [...ours].sort((x, y) => y.ttff - x.ttff).slice(0, 3)) out(`    ${row(l)}`);
  out(`  the median watch load for comparison: ${row([...ours].sort((x, y) => x.ttff - y.ttff)[Math.floor(ours.length / 2)]!)}`);
  const met = o.median <= 1.3 * b.median && o.max <= 2 * b.median && js.max < 200_000 && lcp.median <= 500;
  out(`  targets: median ≤ 1.3× bare, max ≤ 2× bare median, JS < 200 kB, LCP ≤ 500 ms → ${met ? "met" : "NOT met"}`);
}
