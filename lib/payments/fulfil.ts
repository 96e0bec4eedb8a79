import "server-only";
import type Stripe from "stripe";
import { isValidObjectId } from "mongoose";
import { config } from "@/lib/config";
import { connectDb } from "@/lib/db/connection";
import { DonationModel } from "@/lib/db/models/donation.model";
import { TicketModel, type TicketDoc } from "@/lib/db/models/access.model";
import { UserModel } from "@/lib/db/models/user.model";
import { insertIfAbsent, isDuplicateKey } from "@/lib/db/writes";
import { changes } from "@/lib/events";
import { log } from "@/lib/logger";
import { publish } from "@/lib/realtime/emitter";
import { recordLedger } from "@/lib/payments/ledger";
import { syncStreamEarnings } from "@/lib/payments/stream-earnings";
import { currencyFromStripe, fromMinor } from "@/lib/payments/money";
import { stripe } from "@/lib/payments/stripe";
import { applySubscription, pairFrom } from "@/lib/payments/subscription-sync";
import { applyPendingReversals } from "@/lib/payments/reversals";
import { createdAt, idOf } from "@/lib/payments/stripe-objects";
import type { Currency, DonationEvent, LedgerKind } from "@/lib/payments/schemas";

type Sale = { session: Stripe.Checkout.Session; meta: Record<string, string>; amountMinor: number; currency: Currency; paymentIntent: string | null };

/** The sale in the creator's ledger, and the platform's share when the money went to the creator's Connect account (booked as a negative entry). */
async function bookSale(kind: LedgerKind, sale: Sale, creatorId: string, userId: string, streamId?: string): Promise<void> {
  const base = { creatorId, currency: sale.currency, ref: sale.session.id, streamId, fromUserId: userId };
  await recordLedger({ ...base, kind, amountMinor: sale.amountMinor });
  if (sale.meta.destination) {
    const fee = Math.round((sale.amountMinor * config().payments.feePercent) / 100);
    if (fee > 0) await recordLedger({ ...base, kind: "platform_fee", amountMinor: fee });
  }
  await syncStreamEarnings(streamId);
}

/** A tip: one Donation per session (replays find it), its ledger entry, and the alert on the stream, once. */
async function fulfilTip(sale: Sale): Promise<void> {
  const { meta, session } = sale;
  const { userId, creatorId, streamId } = meta;
  if (!isValidObjectId(userId) || !isValidObjectId(creatorId) || !isValidObjectId(streamId)) return log.warn("tip session without its ids", { session: session.id });
  const created = await insertIfAbsent(DonationModel, {
    stream: streamId,
    creator: creatorId,
    donor: userId,
    amountMinor: sale.amountMinor,
    currency: sale.currency,
    message: meta.message ?? "",
    checkoutSession: session.id,
    ...(sale.paymentIntent ? { paymentIntent: sale.paymentIntent } : {}),
  });
  await bookSale("tip", sale, creatorId!, userId!, streamId);
  if (!created) return;
  if (await applyPendingReversals(sale.paymentIntent)) return; // refunded before it was ever shown: no alert
  const [donation, donor] = await Promise.all([
    DonationModel.findOne({ checkoutSession: session.id }, { _id: 1, createdAt: 1 }).lean<{ _id: { toString(): string }; createdAt: Date }>(),
    UserModel.findById(userId, { username: 1, displayName: 1 }).lean<{ username: string; displayName: string }>(),
  ]);
  const event: DonationEvent = {
    streamId: streamId!,
    donationId: donation?._id.toString() ?? session.id,
    donor: { id: userId!, username: donor?.username ?? "unknown", displayName: donor?.displayName ?? "Someone" },
    amount: fromMinor(sale.amountMinor, sale.currency),
    currency: sale.currency,
    message: meta.message ?? "",
    createdAt: (donation?.createdAt ?? new Date()).toISOString(),
  };
  // The alert overlay and the highlighted chat line are both drawn from this one event.
  publish(`stream:${streamId}`, "stream_donation", event);
}

/**
 * A ticket: one per (stream, user). The unique index decides concurrent sessions: a refunded ticket is
 * paid again, a paid one stays as it is and the extra payment goes back to the buyer (refunded in Stripe,
 * never booked). A replay of the winning session changes nothing.
 */
async function fulfilTicket(sale: Sale): Promise<void> {
  const { meta, session } = sale;
  const { userId, creatorId, streamId } = meta;
  if (!isValidObjectId(userId) || !isValidObjectId(creatorId) || !isValidObjectId(streamId)) return log.warn("ticket session without its ids", { session: session.id });
  const key = { stream: streamId, user: userId };
  const paid = { status: "paid", checkoutSession: session.id, amountMinor: sale.amountMinor, currency: sale.currency, ...(sale.paymentIntent ? { paymentIntent: sale.paymentIntent } : {}) };
  let won = false;
  try {
    await TicketModel.findOneAndUpdate({ ...key, status: { $ne: "paid" } }, { $set: paid }, { upsert: true });
    won = true;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  if (!won) {
    // The ticket is paid already: by this session (a retry after a partial failure: finish it), or another.
    const held = await TicketModel.findOne(key, { checkoutSession: 1 }).lean<Pick<TicketDoc, "checkoutSession">>();
    if (held?.checkoutSession !== session.id) {
      log.info("duplicate ticket payment refunded", { session: session.id, stream: streamId, user: userId });
      if (sale.paymentIntent) await stripe().refunds.create({ payment_intent: sale.paymentIntent, reason: "duplicate", metadata: { kind: "ticket_duplicate", streamId: streamId!, userId: userId! } }, { idempotencyKey: `dup-${session.id}` });
      return;
    }
  }
  await bookSale("ticket", sale, creatorId!, userId!, streamId);
  changes.emit("membership.changed", { userId: userId!, channelId: creatorId!, reason: "ticket" });
  await applyPendingReversals(sale.paymentIntent);
}

/** A subscription's first payment: the record exists (or is renewed) at once; invoices then keep its period. */
async function fulfilSubscription(sale: Sale, at: Date): Promise<void> {
  const pair = pairFrom(sale.meta);
  const stripeSubscription = idOf(sale.session.subscription);
  if (!pair || !stripeSubscription) return log.warn("subscription session without its ids", { session: sale.session.id });
  await applySubscription(pair, stripeSubscription, { status: "active", stripeCustomer: idOf(sale.session.customer) }, at);
}

/**
 * `checkout.session.completed` (and `.async_payment_succeeded` for delayed methods): a paid session turns
 * into what was bought. The amount and currency are the session's, as Stripe reports them.
 */
export async function onCheckoutPaid(event: Stripe.Event): Promise<void> {
  const session = event.data.object as Stripe.Checkout.Session;
  if (session.payment_status === "unpaid") return; // a delayed payment: its async_payment_succeeded follows
  const meta = (session.metadata ?? {}) as Record<string, string>;
  const currency = currencyFromStripe(session.currency);
  await connectDb();
  if (meta.kind === "subscription") return fulfilSubscription({ session, meta, amountMinor: session.amount_total ?? 0, currency: currency ?? "USD", paymentIntent: null }, createdAt(event));
  if (!currency || typeof session.amount_total !== "number") return log.warn("checkout session without an amount we charge in", { session: session.id });
  const sale: Sale = { session, meta, amountMinor: session.amount_total, currency, paymentIntent: idOf(session.payment_intent) };
  if (meta.kind === "tip") return fulfilTip(sale);
  if (meta.kind === "ticket") return fulfilTicket(sale);
  log.warn("checkout session of an unknown kind", { session: session.id, kind: meta.kind });
}
