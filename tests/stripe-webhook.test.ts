import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { newUser, type TestUser } from "./support/http";
import { deliver, signature, stripeEvent } from "./support/stripe";
import { actorFromToken } from "@/lib/accounts/authenticate";
import { payoutStatus, startOnboarding } from "@/lib/payments/connect";
import { disconnectDb } from "@/lib/db/connection";
import { handleStripeWebhook } from "@/lib/payments/webhook";
import { PAYMENT_HANDLERS } from "@/lib/payments/handlers";
import { pruneStripeEvents, STRIPE_EVENT_RETENTION_DAYS } from "@/lib/payments/retention";

// This process reads its own configuration: Connect on, so the use cases below create and read connected
// accounts (in stripe-mock and the test database) that the app's account.updated handler updates.
process.env.STRIPE_CONNECT = "true";

after(async () => {
  await disconnectDb();
});

const now = () => Math.floor(Date.now() / 1000);

function accountEvent(accountId: string, enabled: boolean, created: number, id?: string): string {
  return stripeEvent("account.updated", { id: accountId, object: "account", charges_enabled: enabled, payouts_enabled: enabled, details_submitted: true }, { created, id });
}

/** A verified creator with a connected account (stripe-mock's), as onboarding leaves it. */
async function onboarded(): Promise<{ user: TestUser; accountId: string; status: () => ReturnType<typeof payoutStatus> }> {
  const user = await newUser("payee");
  const actor = await actorFromToken(user.token);
  await startOnboarding(actor);
  const accountId = (await payoutStatus(actor)).accountId ?? "";
  assert.ok(accountId.startsWith("acct_"), accountId);
  return { user, accountId, status: () => payoutStatus(actor) };
}

describe("POST /api/stripe/webhook: signatures", () => {
  test("a signed event is accepted; an unknown type is acknowledged (200) and does nothing", async () => {
    const res = await deliver(stripeEvent("customer.tax_id.created", { id: "txi_1", object: "tax_id" }));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.data, { event: "customer.tax_id.created", duplicate: false, handled: false });
  });

  test("a missing, wrong or foreign signature, or a tampered body, is 400 INVALID_WEBHOOK_SIGNATURE", async () => {
    const payload = stripeEvent("customer.tax_id.created", { id: "txi_2", object: "tax_id" });
    const tampered = payload.replace("txi_2", "txi_3");
    const cases: [string, string | null, string][] = [
      [payload, null, "no header"],
      [payload, "nonsense", "not a signature"],
      [payload, signature(payload, { secret: "whsec_someone_else" }), "another endpoint's secret"],
      [tampered, signature(payload), "body changed after signing"],
      [payload, signature(payload).replace(/v1=([0-9a-f])/, (_m, c: string) => `v1=${c === "0" ? "1" : "0"}`), "one hex digit off"],
    ];
    for (const [body, header, what] of cases) {
      const res = await deliver(body, header);
      assert.equal(res.status, 400, what);
      assert.equal(res.body.error?.code, "INVALID_WEBHOOK_SIGNATURE", what);
    }
    // None of those deliveries was recorded: the genuine one still applies as a first delivery.
    assert.equal((await deliver(payload)).body.data?.duplicate, false);
  });

  test("a signature older than Stripe's 300 s tolerance is 400; one within it is accepted", async () => {
    const stale = stripeEvent("customer.tax_id.created", { id: "txi_4", object: "tax_id" });
    const res = await deliver(stale, signature(stale, { timestamp: now() - 301 }));
    assert.equal(res.status, 400);
    assert.equal(res.body.error?.code, "INVALID_WEBHOOK_SIGNATURE");
    const recent = stripeEvent("customer.tax_id.created", { id: "txi_5", object: "tax_id" });
    assert.equal((await deliver(recent, signature(recent, { timestamp: now() - 240 }))).status, 200);
  });

  test("a signed body that is not JSON, or not an event, is 400 and never a 500", async () => {
    const notJson = await deliver("{not json");
    assert.equal(notJson.status, 400);
    assert.equal(notJson.body.error?.code, "INVALID_JSON");
    const notEvent = await deliver(JSON.stringify({ object: "event", type: "account.updated" }));
    assert.equal(notEvent.status, 400);
    assert.equal(notEvent.body.error?.code, "VALIDATION_ERROR");
  });
});

describe("POST /api/stripe/webhook: each event once, in any order", () => {
  test("a delivery replayed 5 times at once applies once; later replays are duplicates too", async () => {
    const { accountId, status } = await onboarded();
    assert.equal((await status()).chargesEnabled, false);
    const payload = accountEvent(accountId, true, now());
    const header = signature(payload);
    const replies = await Promise.all(Array.from({ length: 5 }, () => deliver(payload, header)));
    assert.deepEqual(replies.map((r) => r.status), [200, 200, 200, 200, 200]);
    assert.equal(replies.filter((r) => r.body.data?.duplicate === false).length, 1, "exactly one delivery applied");
    assert.ok(replies.every((r) => r.body.data?.handled === true && r.body.data.event === "account.updated"));
    assert.equal((await status()).chargesEnabled, true);
    // Stripe's retry of the same event (signed again, later) is still the same event.
    const retry = await deliver(payload);
    assert.equal(retry.body.data?.duplicate, true);
  });

  test("applied event ids are forgotten after the retention, and kept until then", async () => {
    const { accountId } = await onboarded();
    const payload = accountEvent(accountId, true, now());
    assert.equal((await deliver(payload)).body.data?.duplicate, false);
    const retention = STRIPE_EVENT_RETENTION_DAYS * 86_400_000;
    // The pruning as the server runs it hourly, seen from a clock moved forward.
    await pruneStripeEvents(Date.now() + retention - 3_600_000);
    assert.equal((await deliver(payload)).body.data?.duplicate, true, "an hour before the retention ends, the id is still known");
    assert.ok((await pruneStripeEvents(Date.now() + retention + 3_600_000)) >= 1);
    assert.equal((await deliver(payload)).body.data?.duplicate, false, "past the retention the record is gone");
  });

  test("an older state delivered after a newer one does not undo it", async () => {
    const { accountId, status } = await onboarded();
    const t = now();
    const newer = await deliver(accountEvent(accountId, true, t));
    assert.equal(newer.body.data?.duplicate, false);
    const older = await deliver(accountEvent(accountId, false, t - 60));
    assert.equal(older.status, 200, "acknowledged, so Stripe stops retrying it");
    assert.equal(older.body.data?.duplicate, false);
    assert.equal((await status()).chargesEnabled, true, "the older event's state was not applied");
    await deliver(accountEvent(accountId, false, t + 1));
    const s = await status();
    assert.equal(s.chargesEnabled, false, "a newer event is");
    assert.equal(s.payoutsEnabled, false);
    assert.equal(s.detailsSubmitted, true);
  });

  test("an event about an account nobody here holds is acknowledged and changes nothing", async () => {
    const res = await deliver(accountEvent("acct_nobody_here", true, now()));
    assert.equal(res.status, 200);
    assert.equal(res.body.data?.handled, true);
  });
});

test("a handler that fails makes the delivery fail and be forgotten, so Stripe's retry applies it", async () => {
  // An event type of this test's own, handled in this process by the real webhook use case and database.
  const type = "streamhub.test_failure";
  let runs = 0;
  PAYMENT_HANDLERS[type] = async () => {
    runs++;
    if (runs === 1) throw new Error("the database went away mid-way");
  };
  try {
    const payload = stripeEvent(type, { id: "obj_1", object: "thing" });
    await assert.rejects(handleStripeWebhook(payload, signature(payload)), /went away/);
    assert.deepEqual(await handleStripeWebhook(payload, signature(payload)), { event: type, duplicate: false, handled: true }, "the retry is a first delivery");
    assert.deepEqual(await handleStripeWebhook(payload, signature(payload)), { event: type, duplicate: true, handled: true });
    assert.equal(runs, 2);
  } finally {
    delete PAYMENT_HANDLERS[type];
  }
});
