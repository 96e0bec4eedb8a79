import type Stripe from "stripe";

/** Small readers of Stripe's objects, tolerant of expanded ids and of older API shapes. */

export const idOf = (v: string | { id: string } | null | undefined): string | null => (typeof v === "string" ? v : (v?.id ?? null));

/** An event's `created` (seconds) as a Date: the order in which Stripe's state changed. */
export const createdAt = (event: Pick<Stripe.Event, "created">) => new Date(event.created * 1000);

/** A subscription's current period end: on its items since API 2025-03-31, on the subscription before. */
export function periodEndOf(sub: Stripe.Subscription): Date | null {
  const item = sub.items?.data?.[0]?.current_period_end;
  const legacy = (sub as unknown as { current_period_end?: number }).current_period_end;
  const end = item ?? legacy;
  return typeof end === "number" ? new Date(end * 1000) : null;
}

/** The subscription an invoice bills, and the metadata it was created with (both moved under `parent` in 2025). */
export function invoiceSubscription(inv: Stripe.Invoice): { id: string | null; metadata: Record<string, string> } {
  const details = inv.parent?.subscription_details;
  const legacy = (inv as unknown as { subscription?: string | { id: string } | null; subscription_details?: { metadata?: Record<string, string> | null } }) ?? {};
  return {
    id: idOf(details?.subscription ?? legacy.subscription ?? null),
    metadata: { ...(legacy.subscription_details?.metadata ?? {}), ...(details?.metadata ?? {}) },
  };
}

/** The end of the period an invoice paid for (its subscription line's period). */
export function invoicePeriodEnd(inv: Stripe.Invoice): Date | null {
  const ends = (inv.lines?.data ?? []).map((l) => l.period?.end).filter((e): e is number => typeof e === "number");
  return ends.length ? new Date(Math.max(...ends) * 1000) : null;
}
