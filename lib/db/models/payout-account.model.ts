import mongoose, { Schema, type Model } from "mongoose";

/**
 * A creator's Stripe Connect (Express) account and what Stripe last said of it (account.updated).
 * `stateAt` is the Stripe time of that state, so an older event delivered late cannot undo a newer one.
 */
const payoutAccountSchema = new Schema(
  {
    user: { type: Schema.Types.ObjectId, ref: "User", required: true },
    accountId: { type: String, required: true },
    chargesEnabled: { type: Boolean, default: false },
    payoutsEnabled: { type: Boolean, default: false },
    detailsSubmitted: { type: Boolean, default: false },
    stateAt: { type: Date },
  },
  { timestamps: true },
);
payoutAccountSchema.index({ user: 1 }, { unique: true });
payoutAccountSchema.index({ accountId: 1 }, { unique: true });

export type PayoutAccountDoc = {
  _id: mongoose.Types.ObjectId;
  user: mongoose.Types.ObjectId;
  accountId: string;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  detailsSubmitted: boolean;
  stateAt?: Date;
};

export const PayoutAccountModel: Model<PayoutAccountDoc> =
  (mongoose.models.PayoutAccount as Model<PayoutAccountDoc> | undefined) ?? mongoose.model<PayoutAccountDoc>("PayoutAccount", payoutAccountSchema);
