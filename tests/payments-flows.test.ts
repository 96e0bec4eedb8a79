import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import mongoose from "mongoose";
import { call, newUser, type TestUser } from "./support/http";
import { act, createStream, type Err } from "./support/streams";
import { ack, closeAll, collect, connect, connected, next, sleep } from "./support/sockets";
import { deliver, invoiceObject, nowSeconds, paidSession, refundedCharge, stripeEvent, stripeId, subscriptionObject, subscriptionSession } from "./support/stripe-events";

/**
 * The money flows end to end: the app against stripe-mock for Stripe's API, and Stripe's webhooks signed
 * with the endpoint's secret and posted to the real route. What the webhooks wrote is read back through the
 * API (access, tickets, subscriptions) and, where no API shows it (one Donation per session, the ledger's
 * rows), in the test database the app uses.
 */
type Checkout = { success: true; data: { checkoutUrl: string; sessionId: string } };
type Donation = { streamId: string; donationId: string; donor: { id: string; username: string }; amount: number; currency: string; message: string };

const code = (r: { status: number; body: unknown }) => (r.status < 300 ? "ok" : ((r.body as Err).error?.code ?? String(r.status)));
const db = () => mongoose.connection.db!;
const oid = (id: string) => new mongoose.Types.ObjectId(id);
const mediaToken = (u: TestUser, streamId: string) => call("POST", `/api/livestream/${streamId}/token`, { token: u.token });

before(async () => {
  await mongoose.connect(process.env.MONGODB_URI ?? "");
});
after(async () => {
  closeAll();
  await mongoose.disconnect();
});

async function liveStream(host: TestUser, body: Record<string, unknown> = {}) {
  const s = await createStream(host, body);
  const started = await act(host, s.streamId, "start");
  assert.equal(started.status, 200, JSON.stringify(started.body));
  return s.streamId;
}

describe("tips", { timeout: 60_000 }, () => {
  test("donate answers with a Checkout page; JPY is whole yen within its limits; bad amounts, self-tips, bans and switched-off tips are refused", async () => {
    const host = await newUser("ph");
    const fan = await newUser("pf");
    const streamId = await liveStream(host);
    const donate = (u: TestUser, json: unknown, id = streamId) => call<Checkout>("POST", `/api/livestream/${id}/donate`, { token: u.token, json });

    const usd = await donate(fan, { amount: 5, currency: "USD", message: "Great stream!" });
    assert.equal(usd.status, 201, JSON.stringify(usd.body));
    assert.match(usd.body.data.checkoutUrl, /^https?:\/\//);
    assert.match(usd.body.data.sessionId, /^cs_/);
    assert.equal((await donate(fan, { amount: 500, currency: "JPY" })).status, 201, "500 yen");
    assert.equal((await donate(fan, { amount: 50_000, currency: "JPY" })).status, 201, "the yen maximum");
    for (const [json, why] of [
      [{ amount: 500.5, currency: "JPY" }, "yen have no decimals"],
      [{ amount: 99, currency: "JPY" }, "under the yen minimum"],
      [{ amount: 50_001, currency: "JPY" }, "over the yen maximum"],
      [{ amount: 4.999, currency: "USD" }, "three decimals"],
      [{ amount: 0.5, currency: "EUR" }, "under the euro minimum"],
      [{ amount: 501, currency: "GBP" }, "over the pound maximum"],
    ] as const) {
      assert.equal(code(await donate(fan, json)), "UNPROCESSABLE", why);
    }
    assert.equal(code(await donate(fan, { amount: 5, currency: "XYZ" })), "VALIDATION_ERROR");
    assert.equal(code(await donate(host, { amount: 5 })), "UNPROCESSABLE", "no tipping oneself");

    const patched = await call("PATCH", `/api/livestream/${streamId}/moderation`, { token: host.token, json: { bannedWords: ["frobnicate"] } });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(code(await donate(fan, { amount: 5, message: "you frobnicate" })), "BLOCKED_TERM", "the message passes the chat filter");

    assert.equal(code(await call("POST", `/api/livestream/${streamId}/bans`, { token: host.token, json: { userId: fan.id } })), "ok");
    assert.equal(code(await donate(fan, { amount: 5 })), "BANNED");

    // A scheduled stream (one live stream per host) with tips switched off.
    const quiet = await createStream(host, { features: { donationsEnabled: false } });
    const other = await newUser("po");
    assert.equal(code(await donate(other, { amount: 5 }, quiet.streamId)), "FORBIDDEN", "tips switched off");
  });

  test("a tip paid to the creator's Connect account books the platform's fee beside it", async () => {
    const host = await newUser("pc");
    const fan = await newUser("pf");
    const streamId = (await createStream(host)).streamId;
    // The destination is what our Checkout wrote; the amounts are the session's, the fee PLATFORM_FEE_PERCENT (10) of it.
    const session = paidSession({ kind: "tip", userId: fan.id, creatorId: host.id, streamId, destination: "acct_test_creator" }, 1234, "usd");
    assert.equal((await deliver(stripeEvent("checkout.session.completed", session))).status, 200);
    const entries = await db().collection("ledgerentries").find({ ref: session.id }).sort({ kind: 1 }).toArray();
    assert.deepEqual(entries.map((e) => [e.kind, Math.abs(e.amountMinor as number)]), [["platform_fee", 123], ["tip", 1234]]);
  });

  test("a creator who cannot receive money (unconfirmed address) gets no tips", async () => {
    const host = await newUser("pu", { verified: false });
    const fan = await newUser("pf");
    const s = await createStream(host);
    assert.equal(code(await call("POST", `/api/livestream/${s.streamId}/donate`, { token: fan.token, json: { amount: 5 } })), "PAYOUTS_NOT_READY");
  });

  test("a signed checkout.session.completed makes one Donation, one ledger entry and one stream_donation; replays change nothing", async () => {
    const host = await newUser("ph");
    const fan = await newUser("pf");
    const streamId = await liveStream(host);
    const viewer = await connected(connect({ token: (await newUser("pv")).token }));
    assert.equal((await ack(viewer, "join_stream", { streamId })).success, true);
    const alerts = collect<Donation>(viewer, "stream_donation");

    const meta = { kind: "tip", userId: fan.id, creatorId: host.id, streamId, message: "Great stream!" };
    // The amount is the session's (Stripe's), whatever a client asked for.
    const session = paidSession(meta, 500, "jpy");
    const completed = stripeEvent("checkout.session.completed", session);
    const first = next<Donation>(viewer, "stream_donation", 8000);
    assert.equal((await deliver(completed)).status, 200);
    const alert = await first;
    assert.equal(alert.streamId, streamId);
    assert.equal(alert.amount, 500);
    assert.equal(alert.currency, "JPY");
    assert.equal(alert.message, "Great stream!");
    assert.equal(alert.donor.id, fan.id);

    for (let i = 0; i < 5; i++) assert.equal((await deliver(completed)).status, 200, `replay ${i + 1}`);
    // The same session in another event (a redelivery Stripe numbered anew) is the same tip too.
    assert.equal((await deliver(stripeEvent("checkout.session.completed", session))).status, 200);
    await sleep(500);
    assert.equal(alerts.length, 1, "one alert");
    assert.equal(await db().collection("donations").countDocuments({ checkoutSession: session.id }), 1, "one Donation");
    const entries = await db().collection("ledgerentries").find({ ref: session.id }).toArray();
    assert.deepEqual(entries.map((e) => [e.kind, Math.abs(e.amountMinor as number), e.currency]), [["tip", 500, "JPY"]], "one ledger entry, in yen");

    // A refund marks the tip and reverses it in the ledger, once.
    const refund = stripeEvent("charge.refunded", refundedCharge(session.payment_intent, 500, "jpy"));
    for (let i = 0; i < 2; i++) assert.equal((await deliver(refund)).status, 200);
    const donation = await db().collection("donations").findOne({ checkoutSession: session.id });
    assert.equal(donation?.status, "refunded");
    const reversal = await db().collection("ledgerentries").find({ creator: oid(host.id), kind: "refund" }).toArray();
    assert.equal(reversal.length, 1);
    assert.equal(Math.abs(reversal[0]!.amountMinor as number), 500);

    // A dispute on another tip holds its amount back from the creator, once.
    const disputed = paidSession(meta, 1000, "jpy");
    assert.equal((await deliver(stripeEvent("checkout.session.completed", disputed))).status, 200);
    const dispute = stripeEvent("charge.dispute.created", { id: stripeId("dp"), object: "dispute", amount: 1000, currency: "jpy", charge: stripeId("ch"), payment_intent: disputed.payment_intent, status: "needs_response" });
    for (let i = 0; i < 3; i++) assert.equal((await deliver(dispute)).status, 200);
    assert.equal((await db().collection("donations").findOne({ checkoutSession: disputed.id }))?.status, "disputed");
    assert.equal(await db().collection("ledgerentries").countDocuments({ creator: oid(host.id), kind: "dispute" }), 1);
  });
});

describe("refunds in parts, disputes won", { timeout: 60_000 }, () => {
  test("each partial refund deepens the charge's reversal to Stripe's running total, in any order; a won dispute gives its hold back, whichever event comes first", async () => {
    const host = await newUser("ph");
    const fan = await newUser("pf");
    const streamId = await liveStream(host);
    const meta = { kind: "tip", userId: fan.id, creatorId: host.id, streamId, message: "" };
    const refundOf = async (pi: string) => (await db().collection("ledgerentries").find({ creator: oid(host.id), kind: "refund" }).toArray()).filter((e) => e.ref === pi).map((e) => e.amountMinor as number);
    const net = async () => (await db().collection("ledgerentries").find({ creator: oid(host.id) }).toArray()).reduce((n, e) => n + (e.amountMinor as number), 0);

    // 10.00 EUR tipped; 2.00 refunded, then 3.00 more (Stripe's charge says 5.00 refunded so far).
    const tip = paidSession(meta, 1000, "eur");
    assert.equal((await deliver(stripeEvent("checkout.session.completed", tip))).status, 200);
    const charge = { ...refundedCharge(tip.payment_intent, 1000, "eur"), refunded: false };
    const t = nowSeconds();
    const first = stripeEvent("charge.refunded", { ...charge, amount_refunded: 200 }, t);
    const second = stripeEvent("charge.refunded", { ...charge, amount_refunded: 500 }, t + 1);
    for (const e of [first, second, first, second]) assert.equal((await deliver(e)).status, 200);
    assert.deepEqual(await refundOf(charge.id), [-500], "the charge's reversal is its total refunded so far");
    assert.equal(await net(), 500);

    // Out of order: the larger total first, the smaller one late changes nothing.
    const tip2 = paidSession(meta, 1000, "eur");
    assert.equal((await deliver(stripeEvent("checkout.session.completed", tip2))).status, 200);
    const charge2 = { ...refundedCharge(tip2.payment_intent, 1000, "eur"), refunded: false };
    assert.equal((await deliver(stripeEvent("charge.refunded", { ...charge2, amount_refunded: 700 }, t + 1))).status, 200);
    assert.equal((await deliver(stripeEvent("charge.refunded", { ...charge2, amount_refunded: 300 }, t))).status, 200);
    assert.deepEqual(await refundOf(charge2.id), [-700]);
    assert.equal(await net(), 500 + 300);

    // A dispute opened, then won: the hold comes back and the tip is paid again.
    const tip3 = paidSession(meta, 600, "eur");
    assert.equal((await deliver(stripeEvent("checkout.session.completed", tip3))).status, 200);
    const dp = { id: stripeId("dp"), object: "dispute", amount: 600, currency: "eur", charge: stripeId("ch"), payment_intent: tip3.payment_intent, status: "needs_response" };
    assert.equal((await deliver(stripeEvent("charge.dispute.created", dp))).status, 200);
    assert.equal(await net(), 800);
    const won = stripeEvent("charge.dispute.closed", { ...dp, status: "won" });
    for (let i = 0; i < 3; i++) assert.equal((await deliver(won)).status, 200);
    assert.equal(await net(), 800 + 600);
    assert.equal((await db().collection("donations").findOne({ checkoutSession: tip3.id }))?.status, "paid");

    // Won first, opened late: booked against each other, the tip stays paid.
    const tip4 = paidSession(meta, 400, "eur");
    assert.equal((await deliver(stripeEvent("checkout.session.completed", tip4))).status, 200);
    const dp4 = { id: stripeId("dp"), object: "dispute", amount: 400, currency: "eur", charge: stripeId("ch"), payment_intent: tip4.payment_intent, status: "needs_response" };
    assert.equal((await deliver(stripeEvent("charge.dispute.closed", { ...dp4, status: "won" }, t + 1))).status, 200);
    assert.equal((await deliver(stripeEvent("charge.dispute.created", dp4, t))).status, 200);
    assert.equal(await net(), 1400 + 400);
    assert.equal((await db().collection("donations").findOne({ checkoutSession: tip4.id }))?.status, "paid");

    // A lost dispute keeps its hold.
    const tip5 = paidSession(meta, 300, "eur");
    assert.equal((await deliver(stripeEvent("checkout.session.completed", tip5))).status, 200);
    const dp5 = { id: stripeId("dp"), object: "dispute", amount: 300, currency: "eur", charge: stripeId("ch"), payment_intent: tip5.payment_intent, status: "needs_response" };
    assert.equal((await deliver(stripeEvent("charge.dispute.created", dp5))).status, 200);
    assert.equal((await deliver(stripeEvent("charge.dispute.closed", { ...dp5, status: "lost" }))).status, 200);
    assert.equal(await net(), 1800);
    const earned = await call<{ success: true; data: { totals: { currency: string; net: number; refunds: number }[] } }>("GET", "/api/users/me/earnings", { token: host.token });
    assert.deepEqual(earned.body.data.totals.map((x) => [x.currency, x.net, x.refunds]), [["EUR", 18, -15]], JSON.stringify(earned.body));
  });
});

describe("tickets", { timeout: 90_000 }, () => {
  test("a paid stream sells one ticket per user, even to concurrent purchases; a refund revokes it at once", async () => {
    const host = await newUser("th");
    const fan = await newUser("tf");
    const streamId = await liveStream(host, { streamType: "paid", ticketPrice: 4.99, currency: "USD" });

    assert.equal(code(await mediaToken(fan, streamId)), "TICKET_REQUIRED");
    // The HLS path asks the same rule: no playlist without a ticket (with one, the file's own answer).
    const roomId = ((await db().collection("livestreams").findOne({ _id: oid(streamId) }))?.roomId as string) ?? "";
    const hls = (u: TestUser) => call("GET", `/hls/${roomId}/index.m3u8`, { token: u.token });
    assert.equal(code(await hls(fan)), "TICKET_REQUIRED");
    assert.notEqual(code(await hls(host)), "TICKET_REQUIRED");
    const state = await call<{ data: { hasTicket: boolean; ticketPrice: number; currency: string } }>("GET", `/api/livestream/${streamId}/ticket`, { token: fan.token });
    assert.deepEqual(state.body.data, { streamId, hasTicket: false, ticketPrice: 4.99, currency: "USD" });
    const buy = await call<Checkout>("POST", `/api/livestream/${streamId}/ticket`, { token: fan.token });
    assert.equal(buy.status, 201, JSON.stringify(buy.body));
    assert.match(buy.body.data.checkoutUrl, /^https?:\/\//);
    assert.equal(code(await call("POST", `/api/livestream/${streamId}/ticket`, { token: host.token })), "CONFLICT", "the host needs none");
    assert.equal(code(await mediaToken(host, streamId)), "ok");

    // Six sessions paid for the same (user, stream) at once: one ticket, one sale in the ledger.
    const meta = { kind: "ticket", userId: fan.id, creatorId: host.id, streamId };
    const sessions = Array.from({ length: 6 }, () => paidSession(meta, 499, "usd"));
    const replies = await Promise.all(sessions.map((s) => deliver(stripeEvent("checkout.session.completed", s))));
    assert.deepEqual(replies.map((r) => r.status), sessions.map(() => 200), JSON.stringify(replies.map((r) => r.body)));
    const tickets = await db().collection("tickets").find({ stream: oid(streamId), user: oid(fan.id) }).toArray();
    assert.equal(tickets.length, 1, "one ticket");
    assert.equal(tickets[0]!.status, "paid");
    const sales = await db().collection("ledgerentries").countDocuments({ ref: { $in: sessions.map((s) => s.id) }, kind: "ticket" });
    assert.equal(sales, 1, "one sale booked; the other payments are refunded");
    const earnings = async () => (await db().collection("livestreams").findOne({ _id: oid(streamId) }))?.monetization?.totalEarnings as number;
    assert.equal(await earnings(), 4.99, "the stream's totalEarnings, from the ledger");

    assert.equal(code(await mediaToken(fan, streamId)), "ok", "the ticket opens the stream at once");
    assert.notEqual(code(await hls(fan)), "TICKET_REQUIRED", "and its HLS");
    const held = await call<{ data: { hasTicket: boolean } }>("GET", `/api/livestream/${streamId}/ticket`, { token: fan.token });
    assert.equal(held.body.data.hasTicket, true);
    assert.equal(code(await call("POST", `/api/livestream/${streamId}/ticket`, { token: fan.token })), "CONFLICT", "one ticket per user");

    const refund = stripeEvent("charge.refunded", refundedCharge(tickets[0]!.paymentIntent as string, 499, "usd"));
    assert.equal((await deliver(refund)).status, 200);
    assert.equal(code(await mediaToken(fan, streamId)), "TICKET_REQUIRED", "revoked at once");
    const after = await call<{ data: { hasTicket: boolean } }>("GET", `/api/livestream/${streamId}/ticket`, { token: fan.token });
    assert.equal(after.body.data.hasTicket, false);
    assert.equal(await db().collection("ledgerentries").countDocuments({ ref: refund.data.object.id as string, kind: "refund" }), 1);
    assert.equal(await earnings(), 0, "the refund reversed it");

    // Buying again after a refund works: the refunded ticket is paid anew.
    const again = paidSession(meta, 499, "usd");
    assert.equal((await deliver(stripeEvent("checkout.session.completed", again))).status, 200);
    assert.equal(code(await mediaToken(fan, streamId)), "ok");
  });

  test("a refund delivered before the purchase's completion still ends with no ticket", async () => {
    const host = await newUser("th");
    const fan = await newUser("tf");
    const streamId = await liveStream(host, { streamType: "paid", ticketPrice: 2, currency: "EUR" });
    const session = paidSession({ kind: "ticket", userId: fan.id, creatorId: host.id, streamId }, 200, "eur");
    const t = nowSeconds();
    assert.equal((await deliver(stripeEvent("charge.refunded", refundedCharge(session.payment_intent, 200, "eur"), t + 5))).status, 200);
    assert.equal((await deliver(stripeEvent("checkout.session.completed", session, t))).status, 200);
    assert.equal(code(await mediaToken(fan, streamId)), "TICKET_REQUIRED");
    const ticket = await db().collection("tickets").findOne({ stream: oid(streamId), user: oid(fan.id) });
    assert.equal(ticket?.status, "refunded");
    const kinds = (await db().collection("ledgerentries").find({ creator: oid(host.id) }).toArray()).map((e) => e.kind).sort();
    assert.deepEqual(kinds, ["refund", "ticket"], "the sale and its reversal");
  });

  test("a free stream sells no tickets", async () => {
    const host = await newUser("th");
    const fan = await newUser("tf");
    const s = await createStream(host);
    assert.equal(code(await call("POST", `/api/livestream/${s.streamId}/ticket`, { token: fan.token })), "UNPROCESSABLE");
  });
});

describe("subscriptions", { timeout: 90_000 }, () => {
  test("events in any order end consistent: access after the subscription, lost after its deletion, late events ignored", async () => {
    const host = await newUser("sh");
    const fan = await newUser("sf");
    const streamId = await liveStream(host, { streamType: "subscribers_only" });
    assert.equal(code(await mediaToken(fan, streamId)), "SUBSCRIBERS_ONLY");

    const start = await call<Checkout>("POST", "/api/livestream/subscribe", { token: fan.token, json: { streamerId: host.id, tier: "premium" } });
    assert.equal(start.status, 201, JSON.stringify(start.body));
    assert.match(start.body.data.checkoutUrl, /^https?:\/\//);
    assert.equal(code(await call("POST", "/api/livestream/subscribe", { token: fan.token, json: { streamerId: fan.id } })), "UNPROCESSABLE", "not to oneself");

    const meta = { kind: "subscription", userId: fan.id, creatorId: host.id, tier: "premium" };
    const sub = stripeId("sub");
    const cus = stripeId("cus");
    const t = nowSeconds();
    const periodEnd = t + 30 * 86400;
    // Newest first: the subscription's update, then the invoice, then Checkout's completion.
    const invoice = invoiceObject(sub, cus, meta, 999, periodEnd);
    for (const e of [
      stripeEvent("customer.subscription.updated", subscriptionObject(sub, cus, meta, "active", periodEnd), t + 20),
      stripeEvent("invoice.paid", invoice, t + 10),
      stripeEvent("checkout.session.completed", subscriptionSession(meta, sub, cus), t),
      stripeEvent("invoice.payment_failed", invoiceObject(sub, cus, meta, 0, periodEnd), t + 5),
    ]) {
      const r = await deliver(e);
      assert.equal(r.status, 200, `${e.type}: ${JSON.stringify(r.body)}`);
    }
    assert.equal(code(await mediaToken(fan, streamId)), "ok", "a subscriber watches");
    const said = await call<{ data: { role: string | null } }>("POST", `/api/livestream/${streamId}/chat`, { token: fan.token, json: { message: "hi from a subscriber" } });
    assert.equal(said.status, 201, JSON.stringify(said.body));
    assert.equal(said.body.data.role, "subscriber", "the subscriber's badge in chat");
    const mine = await call<{ data: { subscriptions: { creator: { id: string }; tier: string; status: string; currentPeriodEnd: string; cancelAtPeriodEnd: boolean }[] } }>("GET", "/api/users/me/subscriptions", { token: fan.token });
    assert.equal(mine.body.data.subscriptions.length, 1);
    const view = mine.body.data.subscriptions[0]!;
    assert.equal(view.creator.id, host.id);
    assert.equal(view.tier, "premium");
    assert.equal(view.status, "active", "the older payment failure did not overwrite the newer state");
    assert.equal(new Date(view.currentPeriodEnd).getTime(), periodEnd * 1000);
    assert.equal(await db().collection("ledgerentries").countDocuments({ ref: invoice.id, kind: "subscription" }), 1);
    assert.equal(code(await call("POST", "/api/livestream/subscribe", { token: fan.token, json: { streamerId: host.id } })), "CONFLICT", "already subscribed");

    // Cancel from the account page: at the period's end, access stays until then.
    const canceled = await call<{ data: { cancelAtPeriodEnd: boolean; status: string } }>("DELETE", `/api/users/me/subscriptions/${host.id}`, { token: fan.token });
    assert.equal(canceled.status, 200, JSON.stringify(canceled.body));
    assert.equal(canceled.body.data.cancelAtPeriodEnd, true);
    assert.equal(code(await mediaToken(fan, streamId)), "ok");

    // Deleted: access ends at once, and a late update saying active does not bring it back.
    assert.equal((await deliver(stripeEvent("customer.subscription.deleted", subscriptionObject(sub, cus, meta, "canceled", periodEnd), t + 40))).status, 200);
    assert.equal(code(await mediaToken(fan, streamId)), "SUBSCRIBERS_ONLY");
    assert.equal((await deliver(stripeEvent("customer.subscription.updated", subscriptionObject(sub, cus, meta, "active", periodEnd), t + 30))).status, 200);
    assert.equal(code(await mediaToken(fan, streamId)), "SUBSCRIBERS_ONLY");
    const none = await call<{ data: { subscriptions: unknown[] } }>("GET", "/api/users/me/subscriptions", { token: fan.token });
    assert.equal(none.body.data.subscriptions.length, 0);

    // Subscribing again starts a new Stripe subscription that replaces the ended one.
    const sub2 = stripeId("sub");
    assert.equal((await deliver(stripeEvent("checkout.session.completed", subscriptionSession(meta, sub2, cus), t + 50))).status, 200);
    assert.equal(code(await mediaToken(fan, streamId)), "ok");
  });

  test("a past-due renewal closes subscribers-only streams until paid", async () => {
    const host = await newUser("sh");
    const fan = await newUser("sf");
    const streamId = await liveStream(host, { streamType: "subscribers_only" });
    const meta = { kind: "subscription", userId: fan.id, creatorId: host.id, tier: "basic" };
    const sub = stripeId("sub");
    const cus = stripeId("cus");
    const t = nowSeconds();
    assert.equal((await deliver(stripeEvent("checkout.session.completed", subscriptionSession(meta, sub, cus), t))).status, 200);
    assert.equal(code(await mediaToken(fan, streamId)), "ok");
    assert.equal((await deliver(stripeEvent("invoice.payment_failed", invoiceObject(sub, cus, meta, 0, t + 30 * 86400), t + 10))).status, 200);
    assert.equal(code(await mediaToken(fan, streamId)), "SUBSCRIBERS_ONLY");
    assert.equal((await deliver(stripeEvent("invoice.paid", invoiceObject(sub, cus, meta, 499, t + 30 * 86400), t + 20))).status, 200);
    assert.equal(code(await mediaToken(fan, streamId)), "ok");

    // A refunded subscription charge (found by its customer) is reversed in the creator's ledger, once.
    const refund = stripeEvent("charge.refunded", refundedCharge(stripeId("pi"), 499, "usd", cus));
    for (let i = 0; i < 2; i++) assert.equal((await deliver(refund)).status, 200);
    const kinds = (await db().collection("ledgerentries").find({ creator: oid(host.id) }).toArray()).map((e) => e.kind).sort();
    assert.deepEqual(kinds, ["refund", "subscription"]);
  });
});
