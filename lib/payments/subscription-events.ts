import "server-only";
import type Stripe from "stripe";
import { config } from "@/lib/config";
import { log } from "@/lib/logger";
import { recordLedger } from "@/lib/payments/ledger";
import { currencyFromStripe } from "@/lib/payments/money";
import { applySubscription, pairFrom, pairOfStripeSubscription, statusOf, type SubscriptionChange, type SubscriptionPair } from "@/lib/payments/subscription-sync";
import { createdAt, idOf, invoicePeriodEnd, invoiceSubscription, periodEndOf } from "@/lib/payments/stripe-objects";

/** The pair from the event's metadata, or from our record of the Stripe subscription (null: not one of ours). */
async function pairOf(metadata: Record<string, string> | null | undefined, stripeSubscription: string): Promise<SubscriptionPair | null> {
  return pairFrom(metadata) ?? (await pairOfStripeSubscription(stripeSubscription));
}

/** `customer.subscription.updated` / `.created`: status, period and cancel-at-period-end as Stripe holds them. */
export async function onSubscriptionUpdated(event: Stripe.Event): Promise<void> {
  const sub = event.data.object as Stripe.Subscription;
  const pair = await pairOf(sub.metadata, sub.id);
  if (!pair) return;
  const change: SubscriptionChange = { status: statusOf(sub.status), currentPeriodEnd: periodEndOf(sub), cancelAtPeriodEnd: sub.cancel_at_period_end, stripeCustomer: idOf(sub.customer) };
  if (change.status === "canceled") change.final = true;
  await applySubscription(pair, sub.id, change, createdAt(event));
}

/** `customer.subscription.deleted`: over, whatever arrives after it. */
export async function onSubscriptionDeleted(event: Stripe.Event): Promise<void> {
  const sub = event.data.object as Stripe.Subscription;
  const pair = await pairOf(sub.metadata, sub.id);
  if (!pair) return;
  await applySubscription(pair, sub.id, { final: true, status: "canceled", stripeCustomer: idOf(sub.customer) }, createdAt(event));
}

/**
 * `invoice.paid`: the first payment or a renewal. The paid period's end moves forward, the subscription is
 * active, and the creator's ledger gets the amount Stripe collected (less the platform's fee with Connect).
 */
export async function onInvoicePaid(event: Stripe.Event): Promise<void> {
  const inv = event.data.object as Stripe.Invoice;
  const { id: stripeSubscription, metadata } = invoiceSubscription(inv);
  if (!stripeSubscription) return;
  const pair = await pairOf(metadata, stripeSubscription);
  if (!pair) return log.warn("paid invoice of an unknown subscription", { invoice: inv.id, subscription: stripeSubscription });
  await applySubscription(pair, stripeSubscription, { status: "active", currentPeriodEnd: invoicePeriodEnd(inv), stripeCustomer: idOf(inv.customer) }, createdAt(event));
  const currency = currencyFromStripe(inv.currency);
  if (!currency || !inv.id) return;
  const base = { creatorId: pair.creator, currency, ref: inv.id, fromUserId: pair.subscriber };
  await recordLedger({ ...base, kind: "subscription", amountMinor: inv.amount_paid });
  if (metadata.destination) {
    const fee = Math.round((inv.amount_paid * config().payments.feePercent) / 100);
    if (fee > 0) await recordLedger({ ...base, kind: "platform_fee", amountMinor: fee });
  }
}

/** `invoice.payment_failed`: past due (no access) until a retry pays it or Stripe cancels it. */
export async function onInvoiceFailed(event: Stripe.Event): Promise<void> {
  const inv = event.data.object as Stripe.Invoice;
  const { id: stripeSubscription, metadata } = invoiceSubscription(inv);
  if (!stripeSubscription) return;
  const pair = await pairOf(metadata, stripeSubscription);
  if (!pair) return;
  await applySubscription(pair, stripeSubscription, { status: "past_due", stripeCustomer: idOf(inv.customer) }, createdAt(event));
}
