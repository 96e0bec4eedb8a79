import { expect, type BrowserContext, type Page, type Request } from "@playwright/test";

/** Every URL the browser requests in a context (pages, scripts, fetches, redirects), to check what lands in them. */
export function recordRequests(context: BrowserContext): Request[] {
  const seen: Request[] = [];
  context.on("request", (r) => seen.push(r));
  return seen;
}

/** No secret (password, login name), raw or URL-encoded, in any requested URL. */
export function expectNoSecretInUrls(requests: Request[], secrets: string[]): void {
  expect(requests.length).toBeGreaterThan(0);
  for (const r of requests) {
    const url = r.url();
    let decoded = url;
    try {
      decoded = decodeURIComponent(url.replace(/\+/g, " "));
    } catch {
      // an undecodable URL is checked as it is
    }
    for (const s of secrets) {
      expect(url, `${r.method()} ${url}`).not.toContain(s);
      expect(decoded, `${r.method()} ${url}`).not.toContain(s);
    }
    expect(url).not.toMatch(/[?&]password=/i);
  }
}

/**
 * Holds the app's JavaScript until `release()`: the page renders its server HTML and cannot hydrate, as on
 * a first dev compile or a slow phone, so a submit goes to the form's own POST.
 */
export async function holdScripts(page: Page): Promise<{ release: () => void }> {
  let release = () => {};
  const gate = new Promise<void>((r) => (release = r));
  await page.route(/\/_next\/static\/.+\.js(\?.*)?$/, async (route) => {
    await gate;
    // The page that asked may be gone by then (the form's POST navigated away).
    await route.continue().catch(() => undefined);
  });
  return { release };
}

/** True once React has hydrated the element (React marks hydrated DOM nodes with its fiber key). */
export async function waitForHydration(page: Page, selector = "form"): Promise<void> {
  await page.waitForFunction((sel) => {
    const el = document.querySelector(sel);
    return Boolean(el && Object.keys(el).some((k) => k.startsWith("__reactFiber$")));
  }, selector);
}
