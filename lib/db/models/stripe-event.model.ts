import mongoose, { Schema, type Model } from "mongoose";

/**
 * Stripe events already applied, keyed by Stripe's event id: a retried or replayed delivery finds its id here
 * and changes nothing. `created` is Stripe's own time of the event, kept for audits of out-of-order delivery.
 */
const stripeEventSchema = new Schema(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    created: { type: Date, required: true },
    livemode: { type: Boolean, default: false },
    /** Whether a handler knew the type; unknown types are acknowledged and recorded all the same. */
    handled: { type: Boolean, default: false },
  },
  { timestamps: true },
);
stripeEventSchema.index({ createdAt: 1 });

export type StripeEventDoc = { _id: string; type: string; created: Date; livemode: boolean; handled: boolean; createdAt?: Date };

export const StripeEventModel: Model<StripeEventDoc> =
  (mongoose.models.StripeEvent as Model<StripeEventDoc> | undefined) ?? mongoose.model<StripeEventDoc>("StripeEvent", stripeEventSchema);
