import { randomBytes } from "node:crypto";
import Stripe from "stripe";
import { call, type Reply } from "./http";

/** The webhook secret the app under test checks signatures with (scripts/test.ts). */
export const WEBHOOK_SECRET = process.env.STRIPE_WEBHOOK_SECRET ?? "";
if (!WEBHOOK_SECRET) throw new Error("STRIPE_WEBHOOK_SECRET is not set: run integration tests with `npm run test:integration`");

export type WebhookReply = Reply<{ success: boolean; data?: { event: string; duplicate: boolean; handled: boolean }; error?: { code: string } }>;

/**
 * A Stripe event in Stripe's shape, as its webhooks deliver it: stripe-mock sends none, so tests build them.
 * `created` is Stripe's time of the event (seconds), which handlers compare to order deliveries.
 */
export function stripeEvent(type: string, object: Record<string, unknown>, opts: { id?: string; created?: number; account?: string } = {}): string {
  return JSON.stringify({
    id: opts.id ?? `evt_test_${randomBytes(12).toString("hex")}`,
    object: "event",
    api_version: Stripe.API_VERSION,
    created: opts.created ?? Math.floor(Date.now() / 1000),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    ...(opts.account ? { account: opts.account } : {}),
  });
}

/** The Stripe-Signature header for these exact bytes, as Stripe signs them (stripe-node's own test helper). */
export function signature(payload: string, opts: { secret?: string; timestamp?: number } = {}): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? WEBHOOK_SECRET, ...(opts.timestamp ? { timestamp: opts.timestamp } : {}) });
}

/** Posts a delivery to the real endpoint; `header: null` sends none. */
export function deliver(payload: string, header: string | null = signature(payload)): Promise<WebhookReply> {
  return call("POST", "/api/stripe/webhook", { raw: payload, headers: { "Content-Type": "application/json", ...(header === null ? {} : { "Stripe-Signature": header }) } });
}
