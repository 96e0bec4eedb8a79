import { randomBytes } from "node:crypto";
import Stripe from "stripe";
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./support/csp";
import { createUser, logIn, type E2EUser } from "./support/users";

const SHOTS = "test-results/screenshots";

async function liveStream(request: APIRequestContext, owner: E2EUser, extra: Record<string, unknown> = {}): Promise<string> {
  const auth = { Authorization: `Bearer ${owner.token}` };
  const created = await request.post("/api/livestream/create", { headers: auth, data: { title: "Tips welcome", category: "talk", ...extra } });
  expect(created.status()).toBe(201);
  const { streamId } = ((await created.json()) as { data: { streamId: string } }).data;
  expect((await request.post(`/api/livestream/${streamId}/start`, { headers: auth })).status()).toBe(200);
  return streamId;
}

/**
 * Stripe's `checkout.session.completed` for a paid tip or ticket, signed with the endpoint's secret as Stripe signs it
 * (stripe-mock sends no webhooks: the test is Stripe here). The amount is the session's, in cents.
 */
function paidEvent(o: { kind: "tip" | "ticket"; viewer: E2EUser; owner: E2EUser; streamId: string; amountMinor: number; message?: string }) {
  const id = randomBytes(8).toString("hex");
  const payload = JSON.stringify({
    id: `evt_e2e_${id}`,
    object: "event",
    type: "checkout.session.completed",
    api_version: "2025-10-29.clover",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: {
      object: {
        id: `cs_test_e2e_${id}`,
        object: "checkout.session",
        mode: "payment",
        status: "complete",
        payment_status: "paid",
        amount_total: o.amountMinor,
        currency: "usd",
        payment_intent: `pi_e2e_${id}`,
        client_reference_id: o.viewer.id,
        metadata: { kind: o.kind, userId: o.viewer.id, creatorId: o.owner.id, streamId: o.streamId, ...(o.message ? { message: o.message } : {}) },
      },
    },
  });
  const secret = process.env.STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new Error("STRIPE_WEBHOOK_SECRET is not in the test environment (scripts/test.ts starts stripe-mock with a test secret)");
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret });
  return { payload, signature };
}

test("a viewer tips through Checkout; once Stripe confirms, the creator's page shows the alert and the chat line", async ({ page, newPage, request, baseURL }) => {
  test.setTimeout(90_000);
  const owner = await createUser(request, "tipowner");
  const viewer = await createUser(request, "tipviewer");
  const streamId = await liveStream(request, owner);

  // The creator watches their own stream (the host's view): joined to the chat before the tip arrives.
  await logIn(page, owner);
  await page.goto(`/watch/${streamId}`);
  await expect(page.getByTestId("chat-list")).toHaveAttribute("aria-busy", "false");
  await expect(page.getByTestId("tip-button")).toHaveCount(0);

  // And in their studio, where they broadcast from: the same alert over their own preview.
  const studio = await newPage();
  await logIn(studio, owner);
  await studio.goto(`/studio/${streamId}`);
  await expect(studio.getByTestId("tips-feed")).toHaveAttribute("data-ready", "true");

  const v = await newPage();
  await logIn(v, viewer);
  await v.goto(`/watch/${streamId}`);
  await v.getByTestId("tip-button").click();
  const dialog = v.getByTestId("tip-dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "$5", exact: true })).toHaveAttribute("aria-pressed", "true");

  // JPY has no minor unit: its presets are whole yen, and a fraction is refused before anything is sent.
  await dialog.getByLabel("Currency").selectOption("JPY");
  await expect(dialog.getByRole("button", { name: "¥500", exact: true })).toBeVisible();
  await dialog.getByLabel("Custom amount").fill("500.5");
  await dialog.getByTestId("tip-submit").click();
  await expect(dialog.getByTestId("tip-amount-error")).toContainText("whole numbers");

  await dialog.getByLabel("Currency").selectOption("USD");
  await dialog.getByLabel("Custom amount").fill("7.50");
  await dialog.getByLabel(/^Message/).fill("Great stream, keep going!");
  await v.setViewportSize({ width: 1280, height: 800 });
  await v.screenshot({ path: `${SHOTS}/tip-dialog-desktop.png` });
  await v.setViewportSize({ width: 390, height: 844 });
  await v.screenshot({ path: `${SHOTS}/tip-dialog-mobile.png` });
  await v.setViewportSize({ width: 1280, height: 800 });

  // Checkout is Stripe's page (stripe-mock's URL here): the browser is sent there; the test does not load it.
  const origin = new URL(baseURL ?? "http://127.0.0.1").origin;
  await v.route((url) => url.origin !== origin, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<title>Checkout</title>" }));
  // The server's answer passes through unchanged; it is read here because the page leaves at once.
  let donate: { status: number; body: string; sent: unknown } | null = null;
  await v.route(`**/api/livestream/${streamId}/donate`, async (route) => {
    const res = await route.fetch();
    donate = { status: res.status(), body: await res.text(), sent: route.request().postDataJSON() };
    await route.fulfill({ response: res });
  });
  await dialog.getByTestId("tip-submit").click();
  await expect.poll(() => donate?.status).toBe(201);
  const answered = donate as unknown as { body: string; sent: unknown };
  expect(answered.sent).toEqual({ amount: 7.5, currency: "USD", message: "Great stream, keep going!" });
  const { checkoutUrl } = (JSON.parse(answered.body) as { data: { checkoutUrl: string } }).data;
  expect(checkoutUrl).toMatch(/^https?:\/\//);
  await expect(v).toHaveURL(checkoutUrl);

  // Stripe confirms the payment: the webhook is the only thing that makes the tip real.
  const { payload, signature } = paidEvent({ kind: "tip", viewer, owner, streamId, amountMinor: 750, message: "Great stream, keep going!" });
  const hook = await request.post("/api/stripe/webhook", { headers: { "Stripe-Signature": signature, "Content-Type": "application/json" }, data: payload });
  expect(hook.status()).toBe(200);

  const alert = page.getByTestId("donation-alert");
  await expect(alert).toBeVisible();
  await expect(alert.getByTestId("donation-alert-donor")).toHaveText(viewer.username);
  await expect(alert.getByTestId("donation-alert-amount")).toHaveText("$7.50");
  await expect(alert).toContainText("Great stream, keep going!");
  await expect(page.getByTestId("chat-donation")).toContainText("$7.50");
  const inStudio = studio.getByTestId("donation-alert");
  await expect(inStudio).toBeVisible();
  await expect(inStudio.getByTestId("donation-alert-amount")).toHaveText("$7.50");
  await studio.screenshot({ path: `${SHOTS}/donation-alert-studio.png` });
  await studio.close();
  await page.screenshot({ path: `${SHOTS}/donation-alert-desktop.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/donation-alert-mobile.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  // A replay of the same event changes nothing; the alert leaves after its 6 seconds, the chat line stays.
  const replay = await request.post("/api/stripe/webhook", { headers: { "Stripe-Signature": signature, "Content-Type": "application/json" }, data: payload });
  expect(replay.status()).toBe(200);
  await expect(alert).toHaveCount(0, { timeout: 9000 });
  await expect(page.getByTestId("chat-donation")).toHaveCount(1);

  // The creator's earnings: the tip in the totals and the ledger.
  await page.goto("/dashboard/earnings");
  await expect(page.getByTestId("ledger-entry").filter({ hasText: "$7.50" })).toBeVisible();
  await expect(page.getByTestId("earnings-total").first()).toContainText("USD");
  await page.screenshot({ path: `${SHOTS}/earnings-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/earnings-mobile.png`, fullPage: true });
});

test("a paid stream offers its ticket; back from Checkout the player waits for Stripe's webhook and then plays, and the chat opens", async ({ page, request, baseURL }) => {
  test.setTimeout(60_000);
  const owner = await createUser(request, "tixowner");
  const viewer = await createUser(request, "tixviewer");
  const streamId = await liveStream(request, owner, { title: "Paid finale", streamType: "paid", ticketPrice: 4.99, currency: "USD" });

  await logIn(page, viewer);
  await page.goto(`/watch/${streamId}`);
  const offer = page.getByTestId("ticket-offer");
  await expect(page.getByTestId("player")).toHaveAttribute("data-phase", "no-access");
  await expect(page.getByTestId("player-overlay")).toContainText("This stream needs a ticket");
  await expect(offer.getByTestId("buy-ticket")).toHaveText("Buy ticket · $4.99");

  const origin = new URL(baseURL ?? "http://127.0.0.1").origin;
  await page.route((url) => url.origin !== origin, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<title>Checkout</title>" }));
  let checkoutUrl = "";
  await page.route(`**/api/livestream/${streamId}/ticket`, async (route) => {
    const res = await route.fetch();
    if (route.request().method() === "POST") checkoutUrl = ((await res.json()) as { data: { checkoutUrl: string } }).data.checkoutUrl;
    await route.fulfill({ response: res });
  });
  await offer.getByTestId("buy-ticket").click();
  await expect.poll(() => checkoutUrl).toMatch(/^https?:\/\//);
  await expect(page).toHaveURL(checkoutUrl);

  // Back from Checkout before Stripe's webhook: the player says the payment is being confirmed and asks again.
  await page.goto(`/watch/${streamId}?checkout=success&session_id=cs_test_back`);
  await expect(page.getByTestId("player")).toHaveAttribute("data-phase", "unlocking");
  await expect(page.getByTestId("player-overlay")).toContainText("Payment received — unlocking…");
  await expect(page).not.toHaveURL(/checkout=/);
  const { payload, signature } = paidEvent({ kind: "ticket", viewer, owner, streamId, amountMinor: 499 });
  const hook = await request.post("/api/stripe/webhook", { headers: { "Stripe-Signature": signature, "Content-Type": "application/json" }, data: payload });
  expect(hook.status()).toBe(200);
  // The ticket lets the player in (the host has no media here: it waits for the host's video) and the chat joins again.
  await expect(page.getByTestId("player")).not.toHaveAttribute("data-phase", /unlocking|no-access/, { timeout: 15_000 });
  await expect(page.getByTestId("chat-list")).toHaveAttribute("aria-busy", "false");
  await expect(page.getByLabel("Send a message")).toBeEnabled();
});

test("a viewer subscribes from the channel page; once Stripe confirms, the account page lists it and cancels it at the period's end", async ({ page, request, baseURL }) => {
  test.setTimeout(60_000);
  const owner = await createUser(request, "subowner");
  const viewer = await createUser(request, "subviewer");

  await logIn(page, viewer);
  await page.goto(`/${owner.username}`);
  await page.getByTestId("subscribe-button").click();
  const dialog = page.getByTestId("subscribe-dialog");
  await expect(dialog.getByRole("radio")).toHaveCount(3);
  await expect(dialog).toContainText("$9.99/mo");
  await dialog.getByRole("radio", { name: /^Premium/ }).check();

  const origin = new URL(baseURL ?? "http://127.0.0.1").origin;
  await page.route((url) => url.origin !== origin, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<title>Checkout</title>" }));
  let sent: unknown = null;
  let checkoutUrl = "";
  await page.route("**/api/livestream/subscribe", async (route) => {
    const res = await route.fetch();
    sent = route.request().postDataJSON();
    checkoutUrl = ((await res.json()) as { data: { checkoutUrl: string } }).data.checkoutUrl;
    await route.fulfill({ response: res });
  });
  await dialog.getByTestId("subscribe-submit").click();
  await expect.poll(() => checkoutUrl).toMatch(/^https?:\/\//);
  expect(sent).toEqual({ streamerId: owner.id, tier: "premium" });
  await expect(page).toHaveURL(checkoutUrl);

  // Stripe's completion of the subscription's Checkout (signed as Stripe signs it).
  const id = randomBytes(8).toString("hex");
  const payload = JSON.stringify({
    id: `evt_e2e_${id}`, object: "event", api_version: "2025-10-29.clover", created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1,
    request: { id: null, idempotency_key: null }, type: "checkout.session.completed",
    data: { object: { id: `cs_test_e2e_${id}`, object: "checkout.session", mode: "subscription", status: "complete", payment_status: "paid", amount_total: 999, currency: "usd",
      client_reference_id: viewer.id, metadata: { kind: "subscription", userId: viewer.id, creatorId: owner.id, tier: "premium" }, payment_intent: null, customer: `cus_e2e_${id}`, subscription: `sub_e2e_${id}` } },
  });
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: process.env.STRIPE_WEBHOOK_SECRET ?? "" });
  expect((await request.post("/api/stripe/webhook", { headers: { "Stripe-Signature": signature, "Content-Type": "application/json" }, data: payload })).status()).toBe(200);

  // Back on the channel: the button says so; the account page lists the subscription and cancels it.
  await page.goto(`/${owner.username}?checkout=success&session_id=cs_test_back`);
  await expect(page.getByTestId("subscribed")).toContainText("Premium");
  await page.getByRole("link", { name: "Your account" }).click();
  const row = page.getByTestId("subscription-row").filter({ hasText: owner.username });
  await expect(row).toContainText("Premium");
  await expect(row).toContainText("Active");
  page.once("dialog", (d) => void d.accept());
  await row.getByRole("button", { name: "Cancel" }).click();
  await expect(row).toContainText("Cancelled");
  await expect(row.getByRole("button", { name: "Cancel" })).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/account-subscriptions-desktop.png`, fullPage: true });
});
