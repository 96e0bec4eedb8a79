import { expect, test } from "./support/csp";

test("the browser enforces the page's policy: an injected inline script does not run, the app's own do, and the violation is caught", async ({ page, cspViolations }) => {
  // The real page with its real headers, plus what a stored XSS would add: an inline script without the nonce.
  await page.route("/", async (route) => {
    const res = await route.fetch();
    const html = (await res.text()).replace("</body>", "<script>window.__injected = 1</script></body>");
    await route.fulfill({ response: res, body: html });
  });
  await page.goto("/");
  await page.waitForFunction(() => (window as unknown as { next?: { version?: string } }).next?.version !== undefined);
  expect(await page.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBeUndefined();
  await expect.poll(() => cspViolations.length).toBeGreaterThan(0);
  expect(cspViolations.join("\n")).toMatch(/script-src/);
  cspViolations.length = 0; // caught on purpose: the fixture fails tests on any other violation
});
