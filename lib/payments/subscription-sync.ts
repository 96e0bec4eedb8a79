import "server-only";
import type Stripe from "stripe";
import { isValidObjectId } from "mongoose";
import { connectDb } from "@/lib/db/connection";
import { SubscriptionModel, type SubscriptionDoc } from "@/lib/db/models/access.model";
import { insertIfAbsent } from "@/lib/db/writes";
import { changes } from "@/lib/events";
import { log } from "@/lib/logger";
import { clock } from "@/lib/clock";
import { TIERS } from "@/lib/payments/schemas";

type Status = SubscriptionDoc["status"];

/** Who subscribes to whom, read from the metadata our Checkout session put on the Stripe subscription. */
export type SubscriptionPair = { subscriber: string; creator: string; tier?: string };

/** What one Stripe event says about a subscription. `final`: it was deleted (nothing brings it back). */
export type SubscriptionChange = { status?: Status; currentPeriodEnd?: Date | null; cancelAtPeriodEnd?: boolean; stripeCustomer?: string | null; final?: boolean };

/** Until the first invoice says how long the paid period is (Checkout's completion can arrive first). */
const PROVISIONAL_PERIOD_MS = 31 * 24 * 3600 * 1000;

export function pairFrom(metadata: Record<string, string> | null | undefined): SubscriptionPair | null {
  const m = metadata ?? {};
  if (!isValidObjectId(m.userId) || !isValidObjectId(m.creatorId)) return null;
  return { subscriber: m.userId!, creator: m.creatorId!, tier: (TIERS as readonly string[]).includes(m.tier ?? "") ? m.tier : undefined };
}

/** Stripe's subscription statuses as ours: only `active` opens subscribers-only streams. */
export function statusOf(s: Stripe.Subscription.Status): Status {
  if (s === "active" || s === "trialing") return "active";
  if (s === "canceled" || s === "incomplete_expired") return "canceled";
  return "past_due"; // past_due, unpaid, incomplete, paused: no access until paid
}

/** The pair a Stripe subscription belongs to, from our record of it (for events that carry no metadata). */
export async function pairOfStripeSubscription(stripeSubscription: string): Promise<SubscriptionPair | null> {
  await connectDb();
  const doc = await SubscriptionModel.findOne({ stripeSubscription }, { subscriber: 1, creator: 1 }).lean<Pick<SubscriptionDoc, "subscriber" | "creator">>();
  return doc ? { subscriber: doc.subscriber.toString(), creator: doc.creator.toString() } : null;
}

/**
 * What to write, given the record and one event, so that events applied in any order end in the state of
 * the newest: an older event than the last applied changes only what only grows (the paid period's end);
 * a deletion is final for its Stripe subscription; a different Stripe subscription for the same pair (a
 * re-subscription) replaces the record once the old one is over.
 */
function plan(doc: SubscriptionDoc, stripeSubscription: string, c: SubscriptionChange, at: Date, pair: SubscriptionPair, now: number): Partial<SubscriptionDoc> | null {
  if (doc.stripeSubscription && doc.stripeSubscription !== stripeSubscription) {
    const oldOver = doc.status === "canceled" || doc.currentPeriodEnd.getTime() <= now;
    if (c.final || (!oldOver && doc.lastEventAt && at < doc.lastEventAt)) return null;
    return fresh(stripeSubscription, c, at, pair);
  }
  if (doc.status === "canceled" && doc.stripeSubscription === stripeSubscription) return null;
  const set: Partial<SubscriptionDoc> = { stripeSubscription };
  if (c.stripeCustomer) set.stripeCustomer = c.stripeCustomer;
  if (pair.tier) set.tier = pair.tier;
  const newer = !doc.lastEventAt || at >= doc.lastEventAt;
  if (c.final) {
    set.status = "canceled";
    if (newer) set.lastEventAt = at;
  } else if (newer) {
    if (c.status) set.status = c.status;
    if (c.cancelAtPeriodEnd !== undefined) set.cancelAtPeriodEnd = c.cancelAtPeriodEnd;
    set.lastEventAt = at;
  }
  if (c.currentPeriodEnd && (newer || c.currentPeriodEnd > doc.currentPeriodEnd)) set.currentPeriodEnd = c.currentPeriodEnd;
  return set;
}

function fresh(stripeSubscription: string, c: SubscriptionChange, at: Date, pair: SubscriptionPair): Partial<SubscriptionDoc> {
  return {
    stripeSubscription,
    ...(c.stripeCustomer ? { stripeCustomer: c.stripeCustomer } : {}),
    tier: pair.tier ?? "basic",
    status: c.final ? "canceled" : (c.status ?? "active"),
    currentPeriodEnd: c.currentPeriodEnd ?? new Date(at.getTime() + PROVISIONAL_PERIOD_MS),
    cancelAtPeriodEnd: c.cancelAtPeriodEnd ?? false,
    lastEventAt: at,
  };
}

/**
 * Applies one Stripe event's view of a subscription to the (subscriber, creator) record, creating it when
 * this is the first event heard (any event may be). Writes are conditional on the record being unchanged
 * since read (FerretDB has no transactions), retried on a race. The access caches drop the pair at once.
 */
export async function applySubscription(pair: SubscriptionPair, stripeSubscription: string, change: SubscriptionChange, at: Date): Promise<void> {
  await connectDb();
  const key = { subscriber: pair.subscriber, creator: pair.creator };
  for (let attempt = 0; attempt < 5; attempt++) {
    const doc = await SubscriptionModel.findOne(key).lean<SubscriptionDoc & { updatedAt: Date }>();
    if (!doc) {
      if (await insertIfAbsent(SubscriptionModel, { ...key, ...fresh(stripeSubscription, change, at, pair) })) break;
      continue;
    }
    const set = plan(doc, stripeSubscription, change, at, pair, clock.now());
    if (!set) break;
    const res = await SubscriptionModel.updateOne({ _id: doc._id, updatedAt: doc.updatedAt }, { $set: set });
    if (res.matchedCount === 1) break;
    if (attempt === 4) log.warn("subscription update kept racing", { stripeSubscription });
  }
  changes.emit("membership.changed", { userId: pair.subscriber, channelId: pair.creator, reason: "subscription" });
}
