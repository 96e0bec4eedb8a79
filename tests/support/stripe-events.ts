import { randomBytes } from "node:crypto";
import Stripe from "stripe";
import { call } from "./http";

/**
 * Stripe's webhooks, as Stripe would send them: events in Stripe's JSON shape, signed with the endpoint's
 * secret (the one the app under test was given) by stripe-node's own test helper, posted to the real route.
 * stripe-mock is stateless and sends no webhooks, so the tests are Stripe here.
 */
const SECRET = process.env.STRIPE_WEBHOOK_SECRET ?? "";
const signer = new Stripe("sk_test_signing_only");

export const stripeId = (prefix: string) => `${prefix}_test_${randomBytes(10).toString("hex")}`;
export const nowSeconds = () => Math.floor(Date.now() / 1000);

export type StripeEvent = { id: string; type: string; created: number; data: { object: Record<string, unknown> } };

export function stripeEvent(type: string, object: Record<string, unknown>, created = nowSeconds()): StripeEvent {
  return { id: stripeId("evt"), object: "event", api_version: "2025-10-29.clover", created, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, data: { object } } as StripeEvent;
}

export async function deliver(event: StripeEvent, opts: { timestamp?: number } = {}) {
  const payload = JSON.stringify(event);
  const header = signer.webhooks.generateTestHeaderString({ payload, secret: SECRET, ...(opts.timestamp ? { timestamp: opts.timestamp } : {}) });
  return call("POST", "/api/stripe/webhook", { raw: payload, headers: { "Content-Type": "application/json", "Stripe-Signature": header } });
}

type Meta = Record<string, string>;

/** A completed, paid Checkout session in payment mode (a tip or a ticket). */
export function paidSession(metadata: Meta, amountTotal: number, currency: string) {
  return { id: stripeId("cs"), object: "checkout.session", mode: "payment", status: "complete", payment_status: "paid", amount_total: amountTotal, currency, client_reference_id: metadata.userId, metadata, payment_intent: stripeId("pi"), customer: null, subscription: null };
}

/** A completed Checkout session in subscription mode. */
export function subscriptionSession(metadata: Meta, subscription: string, customer: string) {
  return { id: stripeId("cs"), object: "checkout.session", mode: "subscription", status: "complete", payment_status: "paid", amount_total: 999, currency: "usd", client_reference_id: metadata.userId, metadata, payment_intent: null, customer, subscription };
}

export function subscriptionObject(id: string, customer: string, metadata: Meta, status: string, periodEnd: number, cancelAtPeriodEnd = false) {
  return {
    id,
    object: "subscription",
    customer,
    status,
    cancel_at_period_end: cancelAtPeriodEnd,
    metadata,
    items: { object: "list", data: [{ id: stripeId("si"), object: "subscription_item", current_period_start: periodEnd - 30 * 86400, current_period_end: periodEnd }] },
  };
}

export function invoiceObject(subscription: string, customer: string, metadata: Meta, amountPaid: number, periodEnd: number) {
  return {
    id: stripeId("in"),
    object: "invoice",
    customer,
    currency: "usd",
    amount_paid: amountPaid,
    status: "paid",
    parent: { type: "subscription_details", quote_details: null, subscription_details: { subscription, metadata } },
    lines: { object: "list", data: [{ id: stripeId("il"), object: "line_item", period: { start: periodEnd - 30 * 86400, end: periodEnd } }] },
  };
}

export function refundedCharge(paymentIntent: string, amount: number, currency: string, customer: string | null = null) {
  return { id: stripeId("ch"), object: "charge", amount, amount_refunded: amount, refunded: true, currency, payment_intent: paymentIntent, customer };
}
