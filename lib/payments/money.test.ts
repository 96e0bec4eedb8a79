import { test } from "node:test";
import assert from "node:assert/strict";
import { PAYMENT_CURRENCIES } from "@/lib/config";
import { CURRENCIES } from "@/lib/payments/schemas";
import { currencyFromStripe, fromMinor, hasValidDecimals, stripeCurrency, toMinor, validateAmount } from "@/lib/payments/money";

const code = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (err) {
    return (err as { code?: string }).code ?? "thrown";
  }
};

test("minor units: cents for USD, EUR, GBP; none for JPY", () => {
  assert.equal(toMinor(5, "USD"), 500);
  assert.equal(toMinor(4.99, "USD"), 499);
  assert.equal(toMinor(0.29, "EUR"), 29, "0.29 * 100 is 28.999999999999996 in binary floats");
  assert.equal(toMinor(1.1, "GBP"), 110);
  assert.equal(toMinor(500, "JPY"), 500);
  assert.equal(fromMinor(499, "USD"), 4.99);
  assert.equal(fromMinor(-1050, "EUR"), -10.5);
  assert.equal(fromMinor(500, "JPY"), 500);
  for (const cents of [1, 29, 57, 99, 100, 1999, 50_000]) assert.equal(toMinor(fromMinor(cents, "USD"), "USD"), cents, `round trip of ${cents}`);
});

test("more decimals than the currency has are refused (422)", () => {
  assert.equal(hasValidDecimals(4.999, "USD"), false);
  assert.equal(hasValidDecimals(500.5, "JPY"), false);
  assert.equal(hasValidDecimals(Number.NaN, "USD"), false);
  assert.equal(hasValidDecimals(Number.POSITIVE_INFINITY, "JPY"), false);
  assert.equal(code(() => toMinor(4.999, "USD")), "UNPROCESSABLE");
  assert.equal(code(() => toMinor(100.5, "JPY")), "UNPROCESSABLE");
  assert.equal(code(() => toMinor(1e300, "USD")), "UNPROCESSABLE", "beyond safe integers");
});

test("tip limits per currency, both ends inclusive", () => {
  assert.equal(validateAmount(1, "USD"), 100);
  assert.equal(validateAmount(500, "USD"), 50_000);
  assert.equal(validateAmount(100, "JPY"), 100);
  assert.equal(validateAmount(50_000, "JPY"), 50_000);
  for (const [amount, currency] of [[0.99, "USD"], [500.01, "EUR"], [99, "JPY"], [50_001, "JPY"], [0.5, "GBP"]] as const) {
    assert.equal(code(() => validateAmount(amount, currency)), "UNPROCESSABLE", `${amount} ${currency}`);
  }
  assert.equal(code(() => validateAmount(150.5, "JPY")), "UNPROCESSABLE", "in range, but yen have no decimals");
});

test("Stripe's lower-case codes, and only the platform's currencies come back", () => {
  assert.equal(stripeCurrency("JPY"), "jpy");
  assert.equal(currencyFromStripe("usd"), "USD");
  assert.equal(currencyFromStripe("chf"), null);
  assert.equal(currencyFromStripe(undefined), null);
});

test("the configuration knows the same currencies as the payments contract", () => {
  assert.deepEqual([...PAYMENT_CURRENCIES], [...CURRENCIES]);
});
