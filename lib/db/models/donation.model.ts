import mongoose, { Schema, type Model } from "mongoose";

/**
 * A tip Stripe confirmed as paid: one per Checkout session (the unique index makes replays and concurrent
 * deliveries of the same event harmless). The amount is the session's, in the currency's minor unit.
 */
const donationSchema = new Schema(
  {
    stream: { type: Schema.Types.ObjectId, ref: "LiveStream", required: true },
    creator: { type: Schema.Types.ObjectId, ref: "User", required: true },
    donor: { type: Schema.Types.ObjectId, ref: "User", required: true },
    amountMinor: { type: Number, required: true },
    currency: { type: String, required: true },
    message: { type: String, default: "" },
    checkoutSession: { type: String, required: true },
    paymentIntent: { type: String },
    status: { type: String, enum: ["paid", "refunded", "disputed"], default: "paid" },
  },
  { timestamps: true },
);
donationSchema.index({ checkoutSession: 1 }, { unique: true });
donationSchema.index({ paymentIntent: 1 }, { sparse: true });
donationSchema.index({ stream: 1, createdAt: -1 }); // the stream's recent tips

export type DonationDoc = {
  _id: mongoose.Types.ObjectId;
  stream: mongoose.Types.ObjectId;
  creator: mongoose.Types.ObjectId;
  donor: mongoose.Types.ObjectId;
  amountMinor: number;
  currency: string;
  message: string;
  checkoutSession: string;
  paymentIntent?: string;
  status: "paid" | "refunded" | "disputed";
  createdAt: Date;
};

export const DonationModel: Model<DonationDoc> = (mongoose.models.Donation as Model<DonationDoc> | undefined) ?? mongoose.model<DonationDoc>("Donation", donationSchema);
