import mongoose, { Schema, type Model } from "mongoose";

/**
 * A refund or dispute Stripe reported before the payment it reverses was fulfilled (webhooks arrive in any
 * order): kept until the Checkout completion arrives, which then applies it at once.
 */
const pendingReversalSchema = new Schema(
  {
    paymentIntent: { type: String, required: true },
    kind: { type: String, enum: ["refund", "dispute"], required: true },
    amountMinor: { type: Number, required: true },
    currency: { type: String, required: true },
    ref: { type: String, required: true },
  },
  { timestamps: true },
);
pendingReversalSchema.index({ ref: 1, kind: 1 }, { unique: true });
pendingReversalSchema.index({ paymentIntent: 1 });

export type PendingReversalDoc = { _id: mongoose.Types.ObjectId; paymentIntent: string; kind: "refund" | "dispute"; amountMinor: number; currency: string; ref: string };

export const PendingReversalModel: Model<PendingReversalDoc> =
  (mongoose.models.PendingReversal as Model<PendingReversalDoc> | undefined) ?? mongoose.model<PendingReversalDoc>("PendingReversal", pendingReversalSchema);
