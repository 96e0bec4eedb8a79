import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PHASE_DEVELOPMENT_SERVER } from "next/constants.js";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { startApp, type AppProcess } from "../scripts/app-process";
import { freePort } from "../scripts/services/process";
import { waitForHydration } from "./support/forms";
import { createUser } from "./support/users";

const ROOT = path.resolve(import.meta.dirname, "..");
/** A first development compile of /login on a busy two-core machine. */
const COMPILE_MS = 240_000;
/** How long a loaded page must stay put. */
const WATCH_MS = 15_000;

/** Where `next dev` keeps its output (and its lock) under this project's config. */
async function devDistDir(): Promise<string> {
  const mod = (await import(path.join(ROOT, "next.config.mjs"))) as { default: unknown };
  const cfg = (typeof mod.default === "function" ? mod.default(PHASE_DEVELOPMENT_SERVER, { defaultConfig: {} }) : mod.default) as { distDir?: string };
  // Next puts development output in <distDir>/dev.
  return path.join(ROOT, cfg.distDir ?? ".next", "dev");
}

/** The pid of a `next dev` already running in this folder (a developer's `npm run dev`), which holds its lock. */
async function runningDevServer(): Promise<number | null> {
  try {
    const { pid } = JSON.parse(fs.readFileSync(path.join(await devDistDir(), "lock"), "utf8")) as { pid?: number };
    if (!pid) return null;
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

type DevApp = AppProcess & { output: () => string };

/** server.ts in development mode on the test services, its output kept for the failure message. */
async function startDevApp(port: number): Promise<DevApp> {
  const app = await startApp({ env: { LOG_LEVEL: "warn" }, port, production: false, stdio: "pipe", timeoutMs: COMPILE_MS });
  let out = "";
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-20_000);
  };
  app.child.stdout?.on("data", keep);
  app.child.stderr?.on("data", keep);
  return { ...app, output: () => out };
}

/** A page that counts its full loads and the dev server's reload orders (HMR "reloadPage", Turbopack "restart"). */
async function watchedPage(browser: Browser): Promise<{ page: Page; seen: () => { loads: number; reloadOrders: string[] } }> {
  const page = await browser.newPage();
  let loads = 0;
  const reloadOrders: string[] = [];
  page.on("load", () => loads++);
  page.on("websocket", (ws) => {
    if (!ws.url().includes("/_next/hmr")) return;
    ws.on("framereceived", (frame) => {
      const text = typeof frame.payload === "string" ? frame.payload : frame.payload.toString("utf8");
      if (/reloadPage|"type":"restart"/.test(text)) reloadOrders.push(text.slice(0, 200));
    });
  });
  return { page, seen: () => ({ loads, reloadOrders: [...reloadOrders] }) };
}

/** What a production build does to `.next` between two dev sessions, as far as `next dev` can tell: new entries. */
function writeLikeABuild(): () => void {
  const dir = path.join(ROOT, ".next", `e2e-build-${randomBytes(4).toString("hex")}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "BUILD_ID"), "e2e");
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

test("development: /login loads once and stays put, also after a build and a restart, and logs in", async ({ browser, request }) => {
  test.setTimeout(COMPILE_MS * 2 + 4 * 60_000);
  const other = await runningDevServer();
  test.skip(other !== null, `a next dev server (pid ${other}) is running in this folder and holds its lock; stop it to run this test`);
  const user = await createUser(request, "devmode");
  const port = await freePort();
  let undoBuild = () => {};

  // A newcomer's `npm run dev` (`npm test` has built into .next), then another build, then `npm run dev`
  // again: each time the first page must load once and stay usable.
  for (const session of ["first", "after a build"]) {
    if (session === "after a build") undoBuild = writeLikeABuild();
    const app = await startDevApp(port);
    const { page, seen } = await watchedPage(browser);
    try {
      await page.goto(`${app.url}/login`, { timeout: COMPILE_MS });
      await expect(page.getByLabel("Password")).toBeVisible();
      await page.waitForTimeout(WATCH_MS);
      expect({ session, ...seen() }, app.output()).toEqual({ session, loads: 1, reloadOrders: [] });
      if (session === "after a build") {
        await waitForHydration(page);
        await page.getByLabel("Username or email").fill(user.username);
        await page.getByLabel("Password").fill(user.password);
        await page.getByRole("button", { name: "Log in" }).click();
        await expect(page.getByTestId("header-username"), JSON.stringify(seen())).toHaveText(user.username, { timeout: 60_000 });
        // The page they land on stays put too.
        await page.waitForTimeout(WATCH_MS);
        expect({ session, ...seen() }, app.output()).toEqual({ session, loads: 1, reloadOrders: [] });
      }
    } finally {
      await page.close();
      await app.stop();
      undoBuild();
    }
  }
});
