import "server-only";
import type Stripe from "stripe";
import { connectDb } from "@/lib/db/connection";
import { DonationModel, type DonationDoc } from "@/lib/db/models/donation.model";
import { SubscriptionModel, TicketModel, type SubscriptionDoc, type TicketDoc } from "@/lib/db/models/access.model";
import { StreamModel } from "@/lib/db/models/stream.model";
import { PendingReversalModel, type PendingReversalDoc } from "@/lib/db/models/pending-reversal.model";
import { insertIfAbsent } from "@/lib/db/writes";
import { changes } from "@/lib/events";
import { log } from "@/lib/logger";
import { disconnectFromStream } from "@/lib/realtime/emitter";
import { revokeMediaAccess } from "@/lib/media/enforce";
import { recordLedger, recordRefundTotal } from "@/lib/payments/ledger";
import { LedgerEntryModel } from "@/lib/db/models/ledger-entry.model";
import { syncStreamEarnings } from "@/lib/payments/stream-earnings";
import { currencyFromStripe } from "@/lib/payments/money";
import { idOf } from "@/lib/payments/stripe-objects";
import type { Currency } from "@/lib/payments/schemas";

type Reversal = { kind: "refund" | "dispute"; status: "refunded" | "disputed"; paymentIntent: string | null; customer: string | null; amountMinor: number; currency: Currency; ref: string };

/** A revoked ticket's holder loses the stream at once: sockets out of the room, media participants removed. */
async function revokeTicket(t: TicketDoc, hostId: string): Promise<void> {
  const streamId = t.stream.toString();
  const userId = t.user.toString();
  changes.emit("membership.changed", { userId, channelId: hostId, reason: "ticket" });
  disconnectFromStream(userId, streamId, "ticket_revoked");
  const stream = await StreamModel.findById(streamId, { roomId: 1 }).lean<{ roomId: string }>();
  if (stream) await revokeMediaAccess({ id: streamId, roomId: stream.roomId, hostId }, userId).catch((err: unknown) => log.warn("ticket media revocation failed", { streamId, err: String(err) }));
}

/**
 * Money going back (a refund, a dispute) reverses what it paid for: the ledger gets a negative entry for
 * the creator (once per Stripe object), a tip is marked, a ticket stops opening the stream at once. A
 * subscription charge (found by its customer) is reversed in the ledger; Stripe's own subscription events
 * say whether the subscription goes on.
 */
async function reverse(r: Reversal): Promise<boolean> {
  await connectDb();
  const entry = { amountMinor: r.amountMinor, currency: r.currency, ref: r.ref } as const;
  // A refund is booked as the charge's total refunded so far; a dispute once, at its amount.
  const recordLedgerEntry = (e: typeof entry & { creatorId: string; streamId?: string; fromUserId: string }) => (r.kind === "refund" ? recordRefundTotal(e) : recordLedger({ ...e, kind: "dispute" }));
  if (r.paymentIntent) {
    const donation = await DonationModel.findOneAndUpdate({ paymentIntent: r.paymentIntent }, { $set: { status: r.status } }).lean<DonationDoc>();
    if (donation) {
      await recordLedgerEntry({ ...entry, creatorId: donation.creator.toString(), streamId: donation.stream.toString(), fromUserId: donation.donor.toString() });
      await syncStreamEarnings(donation.stream.toString());
      return true;
    }
    const ticket = await TicketModel.findOneAndUpdate({ paymentIntent: r.paymentIntent }, { $set: { status: r.status } }).lean<TicketDoc>();
    if (ticket) {
      const stream = await StreamModel.findById(ticket.stream, { host: 1 }).lean<{ host: { toString(): string } }>();
      const hostId = stream?.host.toString();
      if (!hostId) return true;
      await recordLedgerEntry({ ...entry, creatorId: hostId, streamId: ticket.stream.toString(), fromUserId: ticket.user.toString() });
      await syncStreamEarnings(ticket.stream.toString());
      if (ticket.status === "paid") await revokeTicket(ticket, hostId);
      return true;
    }
  }
  if (r.customer) {
    const sub = await SubscriptionModel.findOne({ stripeCustomer: r.customer }, { subscriber: 1, creator: 1 }).lean<Pick<SubscriptionDoc, "subscriber" | "creator">>();
    if (sub) {
      await recordLedgerEntry({ ...entry, creatorId: sub.creator.toString(), fromUserId: sub.subscriber.toString() });
      return true;
    }
  }
  return false;
}

/** Reverses now, or keeps the reversal for the payment's Checkout completion when that has not arrived yet. */
async function reverseOrKeep(r: Reversal): Promise<void> {
  if (await reverse(r)) return;
  if (!r.paymentIntent) return log.warn("reversal of a payment we do not know", { ref: r.ref });
  // Kept by (ref, kind); a refund's later, larger total raises what is kept.
  const raise = async () => (await PendingReversalModel.updateOne({ ref: r.ref, kind: r.kind, amountMinor: { $lt: r.amountMinor } }, { $set: { amountMinor: r.amountMinor } })).modifiedCount > 0;
  if (await raise()) return;
  if (!(await insertIfAbsent(PendingReversalModel, { paymentIntent: r.paymentIntent, kind: r.kind, amountMinor: r.amountMinor, currency: r.currency, ref: r.ref }))) await raise();
}

/** Applies the refunds and disputes that arrived before this payment was fulfilled (called once it is); true when there were some. */
export async function applyPendingReversals(paymentIntent: string | null): Promise<boolean> {
  if (!paymentIntent) return false;
  const pending = await PendingReversalModel.find({ paymentIntent }).lean<PendingReversalDoc[]>();
  for (const p of pending) {
    const status = p.kind === "refund" ? "refunded" : "disputed";
    if (await reverse({ kind: p.kind, status, paymentIntent, customer: null, amountMinor: p.amountMinor, currency: p.currency as Currency, ref: p.ref })) await PendingReversalModel.deleteOne({ _id: p._id });
  }
  return pending.length > 0;
}

/** `charge.refunded`: the amount refunded so far (a partial refund books what Stripe says went back). */
export async function onChargeRefunded(event: Stripe.Event): Promise<void> {
  const charge = event.data.object as Stripe.Charge;
  const currency = currencyFromStripe(charge.currency);
  if (!currency || !charge.amount_refunded) return;
  await reverseOrKeep({ kind: "refund", status: "refunded", paymentIntent: idOf(charge.payment_intent), customer: idOf(charge.customer), amountMinor: charge.amount_refunded, currency, ref: charge.id });
}

/** `charge.dispute.created`: the disputed amount is held from the creator from the moment the dispute opens. */
export async function onDisputeCreated(event: Stripe.Event): Promise<void> {
  const dispute = event.data.object as Stripe.Dispute;
  const currency = currencyFromStripe(dispute.currency);
  if (!currency) return;
  const charge = typeof dispute.charge === "object" ? dispute.charge : null;
  await connectDb();
  if (await LedgerEntryModel.exists({ ref: dispute.id, kind: "dispute_won" })) {
    // Its closing (won) arrived first: the hold is booked against the give-back, nothing is revoked.
    const who = await parties(idOf(dispute.payment_intent) ?? idOf(charge?.payment_intent), idOf(charge?.customer));
    if (who) await recordLedger({ kind: "dispute", amountMinor: dispute.amount, currency, ref: dispute.id, ...who });
    return;
  }
  await reverseOrKeep({ kind: "dispute", status: "disputed", paymentIntent: idOf(dispute.payment_intent) ?? idOf(charge?.payment_intent), customer: idOf(charge?.customer), amountMinor: dispute.amount, currency, ref: dispute.id });
}

/** Who a payment went to and came from, found by its PaymentIntent (a tip, a ticket) or customer (a subscription). */
async function parties(paymentIntent: string | null, customer: string | null): Promise<{ creatorId: string; streamId: string | null; fromUserId: string } | null> {
  if (paymentIntent) {
    const donation = await DonationModel.findOne({ paymentIntent }, { creator: 1, stream: 1, donor: 1 }).lean<DonationDoc>();
    if (donation) return { creatorId: donation.creator.toString(), streamId: donation.stream.toString(), fromUserId: donation.donor.toString() };
    const ticket = await TicketModel.findOne({ paymentIntent }, { stream: 1, user: 1 }).lean<TicketDoc>();
    const stream = ticket && (await StreamModel.findById(ticket.stream, { host: 1 }).lean<{ host: { toString(): string } }>());
    if (ticket && stream) return { creatorId: stream.host.toString(), streamId: ticket.stream.toString(), fromUserId: ticket.user.toString() };
  }
  if (customer) {
    const sub = await SubscriptionModel.findOne({ stripeCustomer: customer }, { subscriber: 1, creator: 1 }).lean<Pick<SubscriptionDoc, "subscriber" | "creator">>();
    if (sub) return { creatorId: sub.creator.toString(), streamId: null, fromUserId: sub.subscriber.toString() };
  }
  return null;
}

/**
 * `charge.dispute.closed`: a dispute the creator won gives back what its opening held (a `dispute_won` entry
 * beside the `dispute` one, whichever of the two events arrives first) and the tip or ticket is paid again;
 * a lost one leaves the reversal as it is.
 */
export async function onDisputeClosed(event: Stripe.Event): Promise<void> {
  const dispute = event.data.object as Stripe.Dispute;
  const currency = currencyFromStripe(dispute.currency);
  if (dispute.status !== "won" || !currency) return;
  await connectDb();
  const charge = typeof dispute.charge === "object" ? dispute.charge : null;
  const paymentIntent = idOf(dispute.payment_intent) ?? idOf(charge?.payment_intent);
  // Won before the payment was even fulfilled: nothing is to be held.
  await PendingReversalModel.deleteOne({ ref: dispute.id, kind: "dispute" });
  const who = await parties(paymentIntent, idOf(charge?.customer));
  if (!who) return log.warn("won dispute of a payment we do not know", { ref: dispute.id });
  await recordLedger({ kind: "dispute_won", amountMinor: dispute.amount, currency, ref: dispute.id, ...who });
  if (who.streamId) await syncStreamEarnings(who.streamId);
  if (!paymentIntent) return;
  await DonationModel.updateOne({ paymentIntent, status: "disputed" }, { $set: { status: "paid" } });
  const ticket = await TicketModel.findOneAndUpdate({ paymentIntent, status: "disputed" }, { $set: { status: "paid" } }).lean<TicketDoc>();
  if (ticket) changes.emit("membership.changed", { userId: ticket.user.toString(), channelId: who.creatorId, reason: "ticket" });
}
