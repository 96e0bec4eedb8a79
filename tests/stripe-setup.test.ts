import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");

/** `npm run stripe:setup` as an operator runs it, against the tests' stripe-mock (STRIPE_API_URL). */
function setup(env: Record<string, string | undefined>) {
  const r = spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), ["--import", "./scripts/node/server-only.mjs", "scripts/stripe-setup.ts"], { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

test("stripe:setup makes a product and a monthly price per tier at the configured amounts", () => {
  const r = setup({ SUBSCRIPTION_PRICES: "basic:5,premium:10.5,vip:25", SUBSCRIPTION_CURRENCY: "EUR" });
  assert.equal(r.status, 0, r.err);
  const lines = r.out.trim().split("\n");
  assert.equal(lines.length, 3, r.out);
  for (const [i, [tier, amount]] of ([["basic", "5"], ["premium", "10.5"], ["vip", "25"]] as const).entries()) {
    assert.match(lines[i] ?? "", new RegExp(`^(created|kept) +${tier} +price_\\w+ +${amount.replace(".", "\\.")} EUR/month +\\(product \\w+, lookup key streamhub_${tier}_monthly\\)$`), lines[i]);
  }
});

test("stripe:setup without keys, or with a wrong price list, fails saying why", () => {
  const none = setup({ STRIPE_SECRET_KEY: "", STRIPE_WEBHOOK_SECRET: "" });
  assert.equal(none.status, 1);
  assert.match(none.err, /STRIPE_SECRET_KEY is not set/);
  const bad = setup({ SUBSCRIPTION_PRICES: "basic:5" });
  assert.equal(bad.status, 1);
  assert.match(bad.err, /SUBSCRIPTION_PRICES: has no price for premium, vip/);
});
