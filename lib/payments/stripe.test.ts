import { test } from "node:test";
import assert from "node:assert/strict";
import { parseConfig } from "@/lib/config";
import Stripe from "stripe";
import { AppError, toAppError } from "@/lib/errors";
import { assertPaymentsEnabled, createStripeClient, paymentsEnabled } from "@/lib/payments/stripe";

const keys = { STRIPE_SECRET_KEY: "sk_test_123", STRIPE_WEBHOOK_SECRET: "whsec_abc" };

test("without Stripe keys money features are off, with a 503 code, and no client is made", () => {
  const cfg = parseConfig({});
  assert.equal(paymentsEnabled(cfg), false);
  assert.equal(cfg.payments.connect, false);
  for (const fn of [() => assertPaymentsEnabled(cfg), () => createStripeClient(cfg)]) {
    assert.throws(fn, (e: unknown) => e instanceof AppError && e.code === "PAYMENTS_NOT_CONFIGURED" && e.status === 503);
  }
  assert.equal(parseConfig({ STRIPE_SECRET_KEY: "", STRIPE_WEBHOOK_SECRET: "" }).payments.enabled, false, "empty is unset");
  assert.equal(parseConfig({ STRIPE_CONNECT: "true" }).payments.connect, false, "Connect needs keys too");
});

test("with keys: a client, pointed at STRIPE_API_URL when given", () => {
  const cfg = parseConfig({ ...keys, STRIPE_API_URL: "http://127.0.0.1:12111", STRIPE_CONNECT: "1" });
  assert.equal(paymentsEnabled(cfg), true);
  assert.equal(cfg.payments.connect, true);
  assert.deepEqual(cfg.payments.webhookSecrets, ["whsec_abc"]);
  assert.ok(createStripeClient(cfg).checkout.sessions);
  assert.deepEqual(parseConfig({ ...keys, STRIPE_WEBHOOK_SECRET: "whsec_a, whsec_b" }).payments.webhookSecrets, ["whsec_a", "whsec_b"]);
});

test("a secret key without the webhook secret is refused: payments would never be recorded", () => {
  assert.throws(() => parseConfig({ STRIPE_SECRET_KEY: "sk_test_123" }), /STRIPE_WEBHOOK_SECRET/);
  assert.throws(() => parseConfig({ ...keys, STRIPE_SECRET_KEY: "pk_test_123" }), /STRIPE_SECRET_KEY/);
  assert.throws(() => parseConfig({ ...keys, STRIPE_WEBHOOK_SECRET: "secret" }), /STRIPE_WEBHOOK_SECRET/);
});

test("tier prices: defaults, overrides, and every mistake named", () => {
  assert.deepEqual(parseConfig({}).payments.subscriptionPrices, { basic: 4.99, premium: 9.99, vip: 24.99 });
  assert.equal(parseConfig({}).payments.subscriptionCurrency, "USD");
  assert.equal(parseConfig({}).payments.feePercent, 10);
  assert.deepEqual(parseConfig({ SUBSCRIPTION_PRICES: "vip:30, basic:5,premium:10.5" }).payments.subscriptionPrices, { basic: 5, premium: 10.5, vip: 30 });
  for (const bad of ["basic:4.99", "basic:4.99,premium:9.99,vip:0", "basic:4.999,premium:9.99,vip:24.99", "basic:1,basic:2,premium:3,vip:4", "gold:1,basic:1,premium:2,vip:3", "basic=1"]) {
    assert.throws(() => parseConfig({ SUBSCRIPTION_PRICES: bad }), /SUBSCRIPTION_PRICES/, bad);
  }
  assert.throws(() => parseConfig({ SUBSCRIPTION_CURRENCY: "JPY" }), /SUBSCRIPTION_PRICES: must be whole yen/);
  assert.equal(parseConfig({ SUBSCRIPTION_CURRENCY: "JPY", SUBSCRIPTION_PRICES: "basic:500,premium:1000,vip:3000" }).payments.subscriptionPrices.vip, 3000);
  assert.throws(() => parseConfig({ SUBSCRIPTION_CURRENCY: "CHF" }), /SUBSCRIPTION_CURRENCY/);
  assert.throws(() => parseConfig({ PLATFORM_FEE_PERCENT: "60" }), /PLATFORM_FEE_PERCENT/);
});

test("Stripe unreachable or failing on its side is 503 SERVICE_UNAVAILABLE; our own bad request stays a 500", () => {
  assert.equal(toAppError(new Stripe.errors.StripeConnectionError({ message: "ECONNREFUSED" })).code, "SERVICE_UNAVAILABLE");
  assert.equal(toAppError(new Stripe.errors.StripeAPIError({ message: "boom" })).code, "SERVICE_UNAVAILABLE");
  assert.equal(toAppError(new Stripe.errors.StripeInvalidRequestError({ message: "No such price" })).code, "INTERNAL");
});
