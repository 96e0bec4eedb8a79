import mongoose, { Schema, type Model } from "mongoose";

/**
 * One movement of a creator's money, in the currency's minor unit and signed: tips, tickets and
 * subscriptions are positive; platform fees, refunds and disputes negative (a dispute the creator won gives
 * its amount back). `ref` is the Stripe object it comes from (a Checkout Session, an invoice, a charge, a
 * dispute); (ref, kind) is unique, so a replayed webhook records nothing twice. Entries are never edited, with
 * one exception: a charge's refund entry holds the total refunded so far, as Stripe reports it, so a second
 * partial refund deepens it (never the other way: a late, smaller total changes nothing).
 */
const ledgerEntrySchema = new Schema(
  {
    creator: { type: Schema.Types.ObjectId, ref: "User", required: true },
    kind: { type: String, enum: ["tip", "ticket", "subscription", "platform_fee", "refund", "dispute", "dispute_won"], required: true },
    amountMinor: { type: Number, required: true },
    currency: { type: String, enum: ["USD", "EUR", "GBP", "JPY"], required: true },
    ref: { type: String, required: true },
    stream: { type: Schema.Types.ObjectId, ref: "LiveStream" },
    fromUser: { type: Schema.Types.ObjectId, ref: "User" },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
ledgerEntrySchema.index({ ref: 1, kind: 1 }, { unique: true });
ledgerEntrySchema.index({ creator: 1, _id: -1 }); // the creator's ledger, newest first, paged by _id
ledgerEntrySchema.index({ stream: 1 }, { sparse: true }); // a stream's earnings

export type LedgerEntryDoc = {
  _id: mongoose.Types.ObjectId;
  creator: mongoose.Types.ObjectId;
  kind: "tip" | "ticket" | "subscription" | "platform_fee" | "refund" | "dispute" | "dispute_won";
  amountMinor: number;
  currency: "USD" | "EUR" | "GBP" | "JPY";
  ref: string;
  stream?: mongoose.Types.ObjectId;
  fromUser?: mongoose.Types.ObjectId;
  createdAt: Date;
};

export const LedgerEntryModel: Model<LedgerEntryDoc> =
  (mongoose.models.LedgerEntry as Model<LedgerEntryDoc> | undefined) ?? mongoose.model<LedgerEntryDoc>("LedgerEntry", ledgerEntrySchema);
