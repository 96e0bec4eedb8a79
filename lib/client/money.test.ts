import { test } from "node:test";
import assert from "node:assert/strict";
import { formatMoney, parseAmount, type CurrencyRule } from "@/lib/client/money";

const USD: CurrencyRule = { currency: "USD", decimals: 2, min: 1, max: 500 };
const JPY: CurrencyRule = { currency: "JPY", decimals: 0, min: 100, max: 50_000 };

test("money is formatted with the currency's own digits", () => {
  assert.equal(formatMoney(5, "USD", "en-US"), "$5.00");
  assert.equal(formatMoney(500, "JPY", "en-US"), "¥500");
  assert.equal(formatMoney(-1.5, "EUR", "en-US"), "-€1.50");
  assert.equal(formatMoney(3, "dollars", "en-US"), "3 dollars");
});

test("typed amounts follow the currency's decimals and limits", () => {
  assert.deepEqual(parseAmount("5", USD), { amount: 5 });
  assert.deepEqual(parseAmount("4,99", USD), { amount: 4.99 });
  assert.match((parseAmount("4.999", USD) as { error: string }).error, /2 decimals/);
  assert.match((parseAmount("0.5", USD) as { error: string }).error, /minimum is \$1\.00/);
  assert.match((parseAmount("501", USD) as { error: string }).error, /maximum/);
  assert.deepEqual(parseAmount("500", JPY), { amount: 500 });
  assert.match((parseAmount("500.5", JPY) as { error: string }).error, /whole numbers/);
  assert.match((parseAmount("", JPY) as { error: string }).error, /Enter/);
  assert.match((parseAmount("abc", USD) as { error: string }).error, /Enter a number/);
});
