import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";

/**
 * Content-Security-Policy violations fail the test: every page of the contexts a test opens reports them,
 * both as the DOM's `securitypolicyviolation` event and as the console error Chromium prints for a refusal.
 */
async function watch(context: BrowserContext, seen: string[]): Promise<void> {
  context.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
}

export const test = base.extend<{ cspViolations: string[]; newPage: () => Promise<Page> }>({
  cspViolations: async ({}, provide) => {
    const seen: string[] = [];
    await provide(seen);
    expect(seen, "Content-Security-Policy violations").toEqual([]);
  },
  context: async ({ context, cspViolations }, provide) => {
    await watch(context, cspViolations);
    await provide(context);
  },
  /** A page in a fresh browser context (another person), watched for violations like the default one. */
  newPage: async ({ browser, cspViolations }, provide) => {
    const contexts: BrowserContext[] = [];
    await provide(async () => {
      const context = await browser.newContext();
      contexts.push(context);
      await watch(context, cspViolations);
      return context.newPage();
    });
    for (const c of contexts) await c.close();
  },
});

export { expect };
