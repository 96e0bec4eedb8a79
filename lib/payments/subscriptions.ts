import "server-only";
import { connectDb } from "@/lib/db/connection";
import { BanModel, SubscriptionModel, type SubscriptionDoc } from "@/lib/db/models/access.model";
import { UserModel, type UserDoc } from "@/lib/db/models/user.model";
import { AppError } from "@/lib/errors";
import { changes } from "@/lib/events";
import { clock } from "@/lib/clock";
import type { Actor } from "@/lib/accounts/authenticate";
import { stripe } from "@/lib/payments/stripe";
import { payoutTarget } from "@/lib/payments/connect";
import { tierPrice } from "@/lib/payments/catalog";
import { metadataOf, openCheckout, returnUrls } from "@/lib/payments/checkout";
import { TIERS, type CheckoutResult, type SubscribeInput, type SubscriptionList, type SubscriptionView, type Tier } from "@/lib/payments/schemas";

type Creator = Pick<UserDoc, "_id" | "username" | "displayName">;

/** Whether a subscription still gives access (or will, once a failed payment is retried): not canceled, period not over. */
const isCurrent = (s: Pick<SubscriptionDoc, "status" | "currentPeriodEnd">, now: number) => s.status !== "canceled" && s.currentPeriodEnd.getTime() > now;

function toView(s: SubscriptionDoc, creator: Creator | undefined): SubscriptionView {
  return {
    creator: creator ? { id: creator._id.toString(), username: creator.username, displayName: creator.displayName } : { id: s.creator.toString(), username: "unknown", displayName: "Unknown" },
    tier: ((TIERS as readonly string[]).includes(s.tier) ? s.tier : "basic") as Tier,
    status: s.status,
    currentPeriodEnd: s.currentPeriodEnd.toISOString(),
    cancelAtPeriodEnd: s.cancelAtPeriodEnd === true,
  };
}

/**
 * Starts a monthly subscription to a creator at the tier's configured Price, through Checkout. The
 * Subscription record is written by Stripe's events (checkout.session.completed, invoice.paid, ...), never
 * here. Refused: subscribing to oneself, a banned user, an existing current subscription (409).
 */
export async function startSubscription(actor: Actor, input: SubscribeInput): Promise<CheckoutResult> {
  const client = stripe();
  if (input.streamerId === actor.id) throw new AppError("UNPROCESSABLE", "You cannot subscribe to yourself");
  await connectDb();
  const now = clock.now();
  const [creator, existing, ban] = await Promise.all([
    UserModel.findById(input.streamerId, { username: 1, displayName: 1 }).lean<Creator>(),
    SubscriptionModel.findOne({ subscriber: actor.id, creator: input.streamerId }).lean<SubscriptionDoc>(),
    BanModel.findOne({ host: input.streamerId, user: actor.id }, { expiresAt: 1 }).lean<{ expiresAt?: Date }>(),
  ]);
  if (!creator) throw new AppError("NOT_FOUND", "User not found");
  if (ban && (!ban.expiresAt || ban.expiresAt.getTime() > now)) throw new AppError("BANNED", "You are banned from this channel");
  if (existing && isCurrent(existing, now)) throw new AppError("CONFLICT", "You already subscribe to this creator");
  const [target, price] = await Promise.all([payoutTarget(input.streamerId), tierPrice(input.tier)]);
  const metadata = metadataOf({ kind: "subscription", userId: actor.id, creatorId: input.streamerId, tier: input.tier, destination: target.destination });
  return openCheckout(client, {
    mode: "subscription",
    client_reference_id: actor.id,
    metadata,
    line_items: [{ price: price.priceId, quantity: 1 }],
    subscription_data: { metadata, ...(target.destination ? { application_fee_percent: target.feePercent, transfer_data: { destination: target.destination } } : {}) },
    ...returnUrls(`/${creator.username}`),
  });
}

/** The caller's subscriptions that still count (current or past due), newest first. */
export async function mySubscriptions(actor: Actor): Promise<SubscriptionList> {
  await connectDb();
  const subs = await SubscriptionModel.find({ subscriber: actor.id, status: { $ne: "canceled" }, currentPeriodEnd: { $gt: new Date(clock.now()) } }).sort({ createdAt: -1 }).limit(500).lean<SubscriptionDoc[]>();
  const creators = await UserModel.find({ _id: { $in: subs.map((s) => s.creator) } }, { username: 1, displayName: 1 }).lean<Creator[]>();
  const byId = new Map(creators.map((c) => [c._id.toString(), c]));
  return { subscriptions: subs.map((s) => toView(s, byId.get(s.creator.toString()))) };
}

/**
 * Cancels at the end of the paid period (the subscriber keeps access until then), in Stripe first: its
 * `customer.subscription.updated` / `.deleted` events then confirm it. Idempotent.
 */
export async function cancelSubscription(actor: Actor, creatorId: string): Promise<SubscriptionView> {
  const client = stripe();
  await connectDb();
  const sub = await SubscriptionModel.findOne({ subscriber: actor.id, creator: creatorId }).lean<SubscriptionDoc>();
  if (!sub || !isCurrent(sub, clock.now())) throw new AppError("NOT_FOUND", "You do not subscribe to this creator");
  if (!sub.cancelAtPeriodEnd && sub.stripeSubscription) await client.subscriptions.update(sub.stripeSubscription, { cancel_at_period_end: true });
  const updated = await SubscriptionModel.findOneAndUpdate({ _id: sub._id }, { $set: { cancelAtPeriodEnd: true } }, { returnDocument: "after" }).lean<SubscriptionDoc>();
  changes.emit("membership.changed", { userId: actor.id, channelId: creatorId, reason: "subscription" });
  const creator = await UserModel.findById(creatorId, { username: 1, displayName: 1 }).lean<Creator>();
  return toView(updated ?? { ...sub, cancelAtPeriodEnd: true }, creator ?? undefined);
}
