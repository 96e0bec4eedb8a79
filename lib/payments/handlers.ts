import type Stripe from "stripe";
import { accountUpdated } from "@/lib/payments/connect";
import { onCheckoutPaid } from "@/lib/payments/fulfil";
import { onInvoiceFailed, onInvoicePaid, onSubscriptionDeleted, onSubscriptionUpdated } from "@/lib/payments/subscription-events";
import { onChargeRefunded, onDisputeClosed, onDisputeCreated } from "@/lib/payments/reversals";

export type PaymentHandler = (event: Stripe.Event) => Promise<void>;

/**
 * What each Stripe event type does, applied once per event id by lib/payments/webhook.ts. Types absent
 * here are acknowledged (200) and recorded, and do nothing. A handler that throws makes the delivery 500,
 * forgotten, so Stripe's retry applies it again: handlers must be safe to run twice after a partial failure
 * (upserts by Stripe ids, recordLedger's (ref, kind) identity) and must compare `event.created` with the
 * state they hold, since Stripe delivers in any order.
 */
export const PAYMENT_HANDLERS: Partial<Record<string, PaymentHandler>> = {
  "account.updated": accountUpdated,
  "checkout.session.completed": onCheckoutPaid,
  "checkout.session.async_payment_succeeded": onCheckoutPaid,
  "customer.subscription.created": onSubscriptionUpdated,
  "customer.subscription.updated": onSubscriptionUpdated,
  "customer.subscription.deleted": onSubscriptionDeleted,
  "invoice.paid": onInvoicePaid,
  "invoice.payment_failed": onInvoiceFailed,
  "charge.refunded": onChargeRefunded,
  "charge.dispute.created": onDisputeCreated,
  "charge.dispute.closed": onDisputeClosed,
};
