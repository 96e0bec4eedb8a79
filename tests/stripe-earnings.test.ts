import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { call, newUser } from "./support/http";
import { createStream, type Ok } from "./support/streams";
import { recordLedger, totalEarnings } from "@/lib/payments/ledger";
import { payoutTarget } from "@/lib/payments/connect";
import type { EarningsView, PaymentsConfig, PayoutStatus } from "@/lib/payments/schemas";
import { disconnectDb } from "@/lib/db/connection";

// The app under test and this process run with Connect off (scripts/test.ts): the platform receives everything.
after(async () => {
  await disconnectDb();
});

const ref = (prefix: string) => `${prefix}_test_${randomBytes(8).toString("hex")}`;
const errCode = async (p: Promise<unknown>) => p.then(() => null, (e: { code?: string }) => e.code ?? "thrown");

describe("the ledger", () => {
  test("recordLedger records each (ref, kind) once, even when called 5 times at once", async () => {
    const creator = await newUser("earner");
    const cs = ref("cs");
    const results = await Promise.all(Array.from({ length: 5 }, () => recordLedger({ creatorId: creator.id, kind: "tip", amountMinor: 500, currency: "USD", ref: cs })));
    assert.equal(results.filter(Boolean).length, 1);
    assert.equal(await recordLedger({ creatorId: creator.id, kind: "tip", amountMinor: 500, currency: "USD", ref: cs }), false, "a later replay");
    assert.equal(await recordLedger({ creatorId: creator.id, kind: "platform_fee", amountMinor: 50, currency: "USD", ref: cs }), true, "another kind of the same payment");
    assert.equal(await recordLedger({ creatorId: creator.id, kind: "platform_fee", amountMinor: 0, currency: "USD", ref: ref("cs") }), false, "nothing moved");
    await assert.rejects(recordLedger({ creatorId: creator.id, kind: "tip", amountMinor: 1.5, currency: "USD", ref: ref("cs") }));
    await assert.rejects(recordLedger({ creatorId: creator.id, kind: "refund", amountMinor: -100, currency: "USD", ref: ref("re") }), "magnitudes only: the kind gives the sign");
    const me = await call<Ok<EarningsView>>("GET", "/api/users/me/earnings", { token: creator.token });
    assert.deepEqual(me.body.data.totals, [{ currency: "USD", gross: 5, fees: -0.5, refunds: 0, net: 4.5 }]);
  });

  test("earnings: totals per currency, sums per source, entries newest first with who paid, paged", async () => {
    const creator = await newUser("earner");
    const donor = await newUser("donor");
    const stream = await createStream(creator);
    const tip = ref("cs");
    await recordLedger({ creatorId: creator.id, kind: "tip", amountMinor: 500, currency: "USD", ref: tip, streamId: stream.streamId, fromUserId: donor.id });
    await recordLedger({ creatorId: creator.id, kind: "platform_fee", amountMinor: 50, currency: "USD", ref: tip, streamId: stream.streamId });
    await recordLedger({ creatorId: creator.id, kind: "tip", amountMinor: 500, currency: "JPY", ref: ref("cs"), streamId: stream.streamId, fromUserId: donor.id });
    await recordLedger({ creatorId: creator.id, kind: "subscription", amountMinor: 499, currency: "USD", ref: ref("in"), fromUserId: donor.id });
    await recordLedger({ creatorId: creator.id, kind: "refund", amountMinor: 500, currency: "USD", ref: ref("ch"), streamId: stream.streamId, fromUserId: donor.id });

    const res = await call<Ok<EarningsView>>("GET", "/api/users/me/earnings", { token: creator.token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const view = res.body.data;
    assert.deepEqual(view.totals, [
      { currency: "USD", gross: 9.99, fees: -0.5, refunds: -5, net: 4.49 },
      { currency: "JPY", gross: 500, fees: 0, refunds: 0, net: 500 },
    ]);
    assert.deepEqual(view.bySource, [
      { kind: "tip", currency: "USD", amount: 5 },
      { kind: "subscription", currency: "USD", amount: 4.99 },
      { kind: "platform_fee", currency: "USD", amount: -0.5 },
      { kind: "refund", currency: "USD", amount: -5 },
      { kind: "tip", currency: "JPY", amount: 500 },
    ]);
    assert.deepEqual(view.entries.map((e) => [e.kind, e.amount, e.currency]), [["refund", -5, "USD"], ["subscription", 4.99, "USD"], ["tip", 500, "JPY"], ["platform_fee", -0.5, "USD"], ["tip", 5, "USD"]]);
    const first = view.entries[4];
    assert.deepEqual(first?.from, { id: donor.id, username: donor.username, displayName: donor.username });
    assert.equal(first?.streamId, stream.streamId);
    assert.equal(view.entries[3]?.from, null, "the platform's fee comes from no one");
    assert.equal(view.nextBefore, null);

    // Pages of two: no entry twice, none missing.
    const seen: string[] = [];
    let before: string | null = null;
    for (let page = 0; page < 5; page++) {
      const q: string = `/api/users/me/earnings?limit=2${before ? `&before=${before}` : ""}`;
      const p = (await call<Ok<EarningsView>>("GET", q, { token: creator.token })).body.data;
      seen.push(...p.entries.map((e) => e.id));
      assert.deepEqual(p.totals, view.totals, "totals do not depend on the page");
      before = p.nextBefore;
      if (!before) break;
    }
    assert.deepEqual(seen, view.entries.map((e) => e.id));

    // The stream's own earnings (the spec's totalEarnings): net per currency of what was paid on it.
    assert.deepEqual(await totalEarnings(stream.streamId), [{ currency: "USD", amount: -0.5 }, { currency: "JPY", amount: 500 }]);
  });

  test("a creator's ledger is theirs alone; a bad query is 400; no session is 401", async () => {
    const creator = await newUser("earner");
    await recordLedger({ creatorId: creator.id, kind: "tip", amountMinor: 300, currency: "GBP", ref: ref("cs") });
    const other = await newUser("other");
    const theirs = await call<Ok<EarningsView>>("GET", "/api/users/me/earnings", { token: other.token });
    assert.deepEqual(theirs.body.data, { totals: [], bySource: [], entries: [], nextBefore: null });
    for (const q of ["limit=0", "limit=101", "before=nope", "extra=1"]) {
      assert.equal((await call("GET", `/api/users/me/earnings?${q}`, { token: creator.token })).status, 400, q);
    }
    assert.equal((await call("GET", "/api/users/me/earnings")).status, 401);
  });
});

describe("payments configuration and payouts without Connect", () => {
  test("GET /api/payments/config: on, no Connect, the currencies' rules and the tiers' prices", async () => {
    const res = await call<Ok<PaymentsConfig>>("GET", "/api/payments/config");
    assert.equal(res.status, 200);
    assert.equal(res.body.data.enabled, true);
    assert.equal(res.body.data.connect, false);
    assert.equal(res.body.data.platformFeePercent, 0, "without Connect the platform keeps everything: no fee to show");
    assert.deepEqual(res.body.data.currencies.find((c) => c.currency === "JPY"), { currency: "JPY", decimals: 0, min: 100, max: 50_000 });
    assert.deepEqual(res.body.data.tiers, [
      { tier: "basic", price: 4.99, currency: "USD" },
      { tier: "premium", price: 9.99, currency: "USD" },
      { tier: "vip", price: 24.99, currency: "USD" },
    ]);
  });

  test("without Connect: nothing to set up, the platform receives payments, and only verified creators can be paid", async () => {
    const creator = await newUser("payee");
    const status = await call<Ok<PayoutStatus>>("GET", "/api/users/me/payouts", { token: creator.token });
    assert.deepEqual(status.body.data, { connect: false, accountId: null, chargesEnabled: false, payoutsEnabled: false, detailsSubmitted: false });
    const onboard = await call("POST", "/api/users/me/payouts/onboard", { token: creator.token });
    assert.equal(onboard.status, 409);
    assert.equal((onboard.body as { error: { code: string } }).error.code, "CONFLICT");

    const target = await payoutTarget(creator.id);
    assert.equal(target.destination, undefined, "no connected account: the platform's own");
    assert.equal(target.feeMinor(1000), 0);

    const unverified = await newUser("payee", { verified: false });
    assert.equal(await errCode(payoutTarget(unverified.id)), "PAYOUTS_NOT_READY");
    assert.equal(await errCode(payoutTarget("0123456789abcdef01234567")), "NOT_FOUND");
  });
});
