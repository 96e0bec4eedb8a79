import { after, test } from "node:test";
import assert from "node:assert/strict";
import { newUser } from "./support/http";
import { createStream } from "./support/streams";
import { deliver, stripeEvent } from "./support/stripe";
import { actorFromToken } from "@/lib/accounts/authenticate";
import { payoutStatus, startOnboarding } from "@/lib/payments/connect";
import { startDonation } from "@/lib/payments/donate";
import { buyTicket } from "@/lib/payments/tickets";
import { startSubscription } from "@/lib/payments/subscriptions";
import { disconnectDb } from "@/lib/db/connection";

// The app under test runs with Connect off (scripts/test.ts); these use cases run here, in a process whose
// configuration turns it on, against the same database and stripe-mock, which checks every parameter of
// the Checkout sessions (destination, application fee) against Stripe's API description.
process.env.STRIPE_CONNECT = "true";
process.env.PLATFORM_FEE_PERCENT = "10";

after(async () => {
  await disconnectDb();
});

const errCode = async (p: Promise<unknown>) => p.then(() => null, (e: { code?: string }) => e.code ?? "thrown");

test("with Connect, tips, tickets and subscriptions go to the creator's account once Stripe enables it", async () => {
  const creator = await newUser("cc");
  const fan = await actorFromToken((await newUser("cf")).token);
  const pub = (await createStream(creator)).streamId;
  const paid = (await createStream(creator, { streamType: "paid", ticketPrice: 9.99 })).streamId;

  assert.equal(await errCode(startDonation(fan, pub, { amount: 5, currency: "USD", message: "" })), "PAYOUTS_NOT_READY", "not onboarded");
  assert.equal(await errCode(buyTicket(fan, paid)), "PAYOUTS_NOT_READY");
  assert.equal(await errCode(startSubscription(fan, { streamerId: creator.id, tier: "vip" })), "PAYOUTS_NOT_READY");

  const creatorActor = await actorFromToken(creator.token);
  await startOnboarding(creatorActor);
  const accountId = (await payoutStatus(creatorActor)).accountId ?? "";
  const enabled = stripeEvent("account.updated", { id: accountId, object: "account", charges_enabled: true, payouts_enabled: true, details_submitted: true });
  assert.equal((await deliver(enabled)).status, 200);

  for (const [what, p] of [
    ["tip", startDonation(fan, pub, { amount: 500, currency: "JPY", message: "yay" })],
    ["ticket", buyTicket(fan, paid)],
    ["subscription", startSubscription(fan, { streamerId: creator.id, tier: "vip" })],
  ] as const) {
    const r = await p;
    assert.match(r.checkoutUrl, /^https?:\/\//, what);
    assert.match(r.sessionId, /^cs_/, what);
  }
});
