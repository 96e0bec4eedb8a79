import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { expectNoSecretInUrls, holdScripts, recordRequests, waitForHydration } from "./support/forms";

const SHOTS = "test-results/screenshots";

type Person = { username: string; email: string; password: string };

/** A fresh person whose password has spaces, so a form sent as GET would show it as `password=my+secret+…`. */
function person(prefix: string): Person {
  const username = `${prefix}_${randomBytes(4).toString("hex")}`;
  return { username, email: `${username}@example.test`, password: `my secret password ${randomBytes(3).toString("hex")}` };
}

async function register(request: APIRequestContext, p: Person): Promise<void> {
  const res = await request.post("/api/auth/register", { data: p });
  expect(res.status()).toBe(201);
}

/** Who the browser's cookies say it is, asked the way the app asks (next-auth's session and the REST API). */
async function expectSignedInAs(context: BrowserContext, username: string): Promise<void> {
  const session = (await (await context.request.get("/api/auth/session")).json()) as { user?: { name?: string } };
  expect(session.user?.name).toBe(username);
  const me = await context.request.get("/api/users/me");
  expect(me.status()).toBe(200);
  expect(((await me.json()) as { data: { username: string } }).data.username).toBe(username);
}

async function fillLogin(page: Page, login: string, password: string): Promise<void> {
  await page.getByLabel("Username or email").fill(login);
  await page.getByLabel("Password").fill(password);
}

test("logging in before the page hydrates posts the form and signs in; no credential in any URL", async ({ browser, request, baseURL }) => {
  const p = person("early");
  await register(request, p);
  // The URL `npm run dev` prints and people open: 127.0.0.1, not localhost.
  expect(new URL(baseURL ?? "").hostname).toBe("127.0.0.1");
  const context = await browser.newContext();
  const requests = recordRequests(context);
  const page = await context.newPage();
  const scripts = await holdScripts(page);

  await page.goto("/login", { waitUntil: "commit" });
  await fillLogin(page, p.username, p.password);
  const submitted = page.waitForRequest((r) => r.isNavigationRequest());
  await page.getByLabel("Password").press("Enter");
  const sent = await submitted;
  expect(`${sent.method()} ${new URL(sent.url()).pathname}`, sent.url()).toBe("POST /login");
  scripts.release();

  await expect(page.getByTestId("header-username")).toHaveText(p.username);
  expect(new URL(page.url()).pathname).toBe("/");
  expectNoSecretInUrls(requests, [p.password, p.username]);
  await context.close();
});

test("logging in without JavaScript: a wrong password is shown on the page, the right one signs in", async ({ browser }) => {
  const p = person("nojs");
  const context = await browser.newContext({ javaScriptEnabled: false });
  await register(context.request, p);
  const requests = recordRequests(context);
  const page = await context.newPage();

  await page.goto("/login");
  await page.screenshot({ path: `${SHOTS}/login-nojs.png`, fullPage: true });
  await fillLogin(page, p.username, "not my password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert")).toHaveText("Invalid login or password.");
  await expect(page.getByLabel("Username or email")).toHaveValue(p.username);
  await expect(page.getByLabel("Password")).toHaveValue("");
  await page.screenshot({ path: `${SHOTS}/login-error-nojs.png`, fullPage: true });

  await page.getByLabel("Password").fill(p.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL((url) => url.pathname === "/");
  await expectSignedInAs(context, p.username);
  expectNoSecretInUrls(requests, [p.password, "not my password", p.username]);
  await context.close();
});

test("signing up before the page hydrates posts the form, creates the account and signs in", async ({ browser }) => {
  const p = person("earlysu");
  const context = await browser.newContext();
  const requests = recordRequests(context);
  const page = await context.newPage();
  const scripts = await holdScripts(page);

  await page.goto("/signup", { waitUntil: "commit" });
  await page.getByLabel("Username").fill(p.username);
  await page.getByLabel("Email").fill(p.email);
  await page.getByLabel("Password").fill(p.password);
  const submitted = page.waitForRequest((r) => r.isNavigationRequest());
  await page.getByLabel("Password").press("Enter");
  const sent = await submitted;
  expect(`${sent.method()} ${new URL(sent.url()).pathname}`, sent.url()).toBe("POST /signup");
  scripts.release();

  await expect(page.getByTestId("header-username")).toHaveText(p.username);
  await expectSignedInAs(context, p.username);
  expectNoSecretInUrls(requests, [p.password, p.username, p.email]);
  await context.close();
});

test("signing up without JavaScript: field errors on the page, then the account and a session", async ({ browser, request }) => {
  const taken = person("taken");
  await register(request, taken);
  const p = person("nojssu");
  const context = await browser.newContext({ javaScriptEnabled: false });
  const requests = recordRequests(context);
  const page = await context.newPage();

  await page.goto("/signup");
  await page.screenshot({ path: `${SHOTS}/signup-nojs.png`, fullPage: true });
  await page.getByLabel("Username").fill("x");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.locator("#username-error")).toBeVisible();
  await expect(page.locator("#email-error")).toBeVisible();
  await expect(page.locator("#password-error")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/signup-errors-nojs.png`, fullPage: true });

  await page.getByLabel("Username").fill(taken.username);
  await page.getByLabel("Email").fill(p.email);
  await page.getByLabel("Password").fill(p.password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.locator("#username-error")).toHaveText("That username is taken");
  await expect(page.getByLabel("Email")).toHaveValue(p.email);

  await page.getByLabel("Username").fill(p.username);
  await page.getByLabel("Password").fill(p.password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page).toHaveURL((url) => url.pathname === "/");
  await expectSignedInAs(context, p.username);
  expectNoSecretInUrls(requests, [p.password, "short", p.username, p.email]);
  await context.close();
});

const OFFSITE = ["//evil.tld", "https://evil.tld", "/\\evil.tld", "/\t/evil.tld", "javascript:alert(document.domain)"];

for (const javaScriptEnabled of [true, false]) {
  test(`the login form's callbackUrl never leaves the site (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({ browser, request, baseURL }) => {
    const p = person(javaScriptEnabled ? "redirjs" : "redirnojs");
    await register(request, p);
    const origin = new URL(baseURL ?? "").origin;

    async function logInVia(callbackUrl: string): Promise<{ url: URL; offsite: string[] }> {
      const context = await browser.newContext({ javaScriptEnabled });
      const offsite: string[] = [];
      // Nothing leaves loopback: a request to the other site is recorded and refused.
      await context.route((url) => url.hostname.endsWith("evil.tld"), async (route) => {
        offsite.push(route.request().url());
        await route.abort();
      });
      const page = await context.newPage();
      await page.goto(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
      if (javaScriptEnabled) await waitForHydration(page);
      await fillLogin(page, p.username, p.password);
      await page.getByRole("button", { name: "Log in" }).click();
      await page.waitForURL((url) => url.pathname !== "/login");
      if (javaScriptEnabled) await expect(page.getByTestId("header-username")).toHaveText(p.username);
      const url = new URL(page.url());
      await context.close();
      return { url, offsite };
    }

    for (const target of OFFSITE) {
      const { url, offsite } = await logInVia(target);
      expect(offsite, target).toEqual([]);
      expect(url.origin, target).toBe(origin);
      expect(url.pathname, target).toBe("/");
    }
    // A path on the site is still where the person lands.
    const { url } = await logInVia("/search?q=music");
    expect(`${url.origin}${url.pathname}${url.search}`).toBe(`${origin}/search?q=music`);
  });
}

test("the login and sign-up pages, with their errors (screenshots)", async ({ page }) => {
  await page.goto("/login");
  await waitForHydration(page);
  await page.screenshot({ path: `${SHOTS}/login.png`, fullPage: true });
  await fillLogin(page, "nobody_here", "wrong password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert").first()).toContainText("Invalid login or password");
  await page.screenshot({ path: `${SHOTS}/login-error.png`, fullPage: true });
  await page.goto("/signup");
  await waitForHydration(page);
  await page.screenshot({ path: `${SHOTS}/signup.png`, fullPage: true });
});

/**
 * next-auth refuses a credentials POST whose CSRF token lost a race for the cookie (two slow first requests
 * each set one) by answering `{ url: "/api/auth/signin?csrf=true" }`, status 200, no error. The form must not
 * take that for a sign-in: it asks again, and says so when the server keeps refusing.
 */
test("a login refused for its CSRF token is tried again, and a lasting refusal is shown", async ({ page, request, baseURL }) => {
  const p = person("csrf");
  await register(request, p);
  let refuse = 1;
  let posts = 0;
  await page.route("**/api/auth/callback/credentials", async (route) => {
    posts++;
    if (refuse-- > 0) await route.fulfill({ status: 200, contentType: "application/json", json: { url: `${baseURL}/api/auth/signin?csrf=true` } });
    else await route.continue();
  });
  await page.goto("/login");
  await waitForHydration(page);

  // Refused twice: the person is told, and stays on the form.
  refuse = 2;
  await fillLogin(page, p.username, p.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert").first()).toContainText("The login form expired");
  expect(posts).toBe(2);
  expect(new URL(page.url()).pathname).toBe("/login");

  // Refused once: the second try signs in.
  refuse = 1;
  posts = 0;
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("header-username")).toHaveText(p.username);
  expect(posts).toBe(2);
});
