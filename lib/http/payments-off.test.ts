import { test } from "node:test";
import assert from "node:assert/strict";
import { POST as webhook } from "@/app/api/stripe/webhook/route";
import { GET as paymentsConfigRoute } from "@/app/api/payments/config/route";
import { earnings } from "@/lib/payments/ledger";
import { payoutStatus, payoutTarget, startOnboarding } from "@/lib/payments/connect";
import { handleStripeWebhook } from "@/lib/payments/webhook";
import { tierPrice } from "@/lib/payments/catalog";
import type { Actor } from "@/lib/accounts/authenticate";

// A server without Stripe keys: this process's configuration (read once, on first use) has none.
for (const k of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_URL", "STRIPE_CONNECT"]) delete process.env[k];

const actor: Actor = { id: "0123456789abcdef01234567", username: "creator", displayName: "Creator", role: "user", verified: true };
const code = (p: Promise<unknown>) => p.then(() => null, (e: { code?: string }) => e.code ?? "thrown");

test("without Stripe keys every money use case refuses with PAYMENTS_NOT_CONFIGURED, before any database or Stripe call", async () => {
  for (const [what, p] of [
    ["earnings", earnings(actor, { limit: 10 })],
    ["payoutStatus", payoutStatus(actor)],
    ["startOnboarding", startOnboarding(actor)],
    ["payoutTarget", payoutTarget(actor.id)],
    ["tierPrice", tierPrice("basic")],
    ["handleStripeWebhook", handleStripeWebhook("{}", "t=1,v1=00")],
  ] as const) {
    assert.equal(await code(p), "PAYMENTS_NOT_CONFIGURED", what);
  }
});

test("without Stripe keys the webhook route answers 503 with the code, and the config route says payments are off", async () => {
  const res = await webhook(new Request("http://x/api/stripe/webhook", { method: "POST", body: "{}", headers: { "Stripe-Signature": "t=1,v1=00" } }));
  assert.equal(res.status, 503);
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, "PAYMENTS_NOT_CONFIGURED");
  const cfg = await paymentsConfigRoute(new Request("http://x/api/payments/config"));
  assert.equal(cfg.status, 200);
  const data = ((await cfg.json()) as { data: { enabled: boolean; connect: boolean; tiers: unknown[] } }).data;
  assert.equal(data.enabled, false);
  assert.equal(data.connect, false);
  assert.equal(data.tiers.length, 3, "the interface can still show what subscribing would cost");
});
