import { after, test } from "node:test";
import assert from "node:assert/strict";
import { newUser } from "./support/http";
import { deliver, stripeEvent } from "./support/stripe";
import { actorFromToken } from "@/lib/accounts/authenticate";
import { payoutStatus, payoutTarget, startOnboarding } from "@/lib/payments/connect";
import { disconnectDb } from "@/lib/db/connection";

// The app under test runs with Connect off (scripts/test.ts); these use cases run here, in a process whose
// configuration turns it on, against the same database and stripe-mock. Webhooks go to the real endpoint.
process.env.STRIPE_CONNECT = "true";
process.env.PLATFORM_FEE_PERCENT = "10";

after(async () => {
  await disconnectDb();
});

const errCode = async (p: Promise<unknown>) => p.then(() => null, (e: { code?: string }) => e.code ?? "thrown");

function accountUpdated(accountId: string, chargesEnabled: boolean, created = Math.floor(Date.now() / 1000)): string {
  return stripeEvent("account.updated", { id: accountId, object: "account", charges_enabled: chargesEnabled, payouts_enabled: chargesEnabled, details_submitted: true }, { created });
}

test("Connect: onboarding makes one Express account and a link; charges go to it once Stripe enables it, less the fee", async () => {
  const creator = await newUser("creator");
  const actor = await actorFromToken(creator.token);
  assert.equal(await errCode(payoutTarget(creator.id)), "PAYOUTS_NOT_READY", "not onboarded");

  const link = await startOnboarding(actor);
  assert.match(link.url, /^https?:\/\//);
  const first = await payoutStatus(actor);
  assert.equal(first.connect, true);
  assert.match(first.accountId ?? "", /^acct_/);
  assert.deepEqual({ ...first, accountId: null }, { connect: true, accountId: null, chargesEnabled: false, payoutsEnabled: false, detailsSubmitted: false });
  await startOnboarding(actor);
  assert.equal((await payoutStatus(actor)).accountId, first.accountId, "resuming onboarding keeps the account");
  assert.equal(await errCode(payoutTarget(creator.id)), "PAYOUTS_NOT_READY", "onboarding started, Stripe has not enabled charges");

  const res = await deliver(accountUpdated(first.accountId ?? "", true));
  assert.equal(res.status, 200);
  const ready = await payoutStatus(actor);
  assert.deepEqual([ready.chargesEnabled, ready.payoutsEnabled, ready.detailsSubmitted], [true, true, true]);

  const target = await payoutTarget(creator.id);
  assert.equal(target.destination, first.accountId);
  assert.equal(target.feePercent, 10);
  assert.equal(target.feeMinor(1000), 100);
  assert.equal(target.feeMinor(999), 100, "rounded to the nearest minor unit");
  assert.equal(target.feeMinor(500), 50, "JPY: yen are the minor unit");

  // Stripe disables charges (e.g. verification needed): money stops going there.
  await deliver(accountUpdated(first.accountId ?? "", false, Math.floor(Date.now() / 1000) + 1));
  assert.equal(await errCode(payoutTarget(creator.id)), "PAYOUTS_NOT_READY");
});

test("Connect: an unverified account can neither onboard nor be paid", async () => {
  const creator = await newUser("creator", { verified: false });
  const actor = await actorFromToken(creator.token);
  assert.equal(await errCode(startOnboarding(actor)), "EMAIL_NOT_VERIFIED");
  assert.equal(await errCode(payoutTarget(creator.id)), "PAYOUTS_NOT_READY");
  assert.equal((await payoutStatus(actor)).accountId, null);
});
