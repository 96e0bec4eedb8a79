import mongoose, { Schema, type Model } from "mongoose";

/** A user banned from a host's streams, until `expiresAt` (none: permanent). Expiry is checked at read time. */
const banSchema = new Schema(
  {
    host: { type: Schema.Types.ObjectId, ref: "User", required: true },
    user: { type: Schema.Types.ObjectId, ref: "User", required: true },
    reason: { type: String, default: "" },
    expiresAt: { type: Date },
    createdBy: { type: Schema.Types.ObjectId, ref: "User", required: true },
  },
  { timestamps: true },
);
banSchema.index({ host: 1, user: 1 }, { unique: true });
banSchema.index({ host: 1, createdAt: -1 }); // the channel's ban list

/**
 * A paid subscription of `subscriber` to `creator` (written by the payments flow from Stripe's events). One
 * per pair: a new Checkout subscription replaces a canceled one. `lastEventAt` is the `created` time of the
 * newest Stripe event applied, so an older event arriving late never overwrites newer state.
 */
const subscriptionSchema = new Schema(
  {
    subscriber: { type: Schema.Types.ObjectId, ref: "User", required: true },
    creator: { type: Schema.Types.ObjectId, ref: "User", required: true },
    tier: { type: String, default: "basic" },
    status: { type: String, enum: ["active", "canceled", "past_due"], default: "active" },
    currentPeriodEnd: { type: Date, required: true },
    stripeSubscription: { type: String },
    stripeCustomer: { type: String },
    cancelAtPeriodEnd: { type: Boolean, default: false },
    lastEventAt: { type: Date },
  },
  { timestamps: true },
);
subscriptionSchema.index({ subscriber: 1, creator: 1 }, { unique: true });
subscriptionSchema.index({ stripeSubscription: 1 }, { sparse: true });
subscriptionSchema.index({ stripeCustomer: 1 }, { sparse: true });

/**
 * A paid ticket for one stream (written by the payments flow). One per (stream, user), whatever the number
 * of paid Checkout sessions: the unique index decides concurrent purchases.
 */
const ticketSchema = new Schema(
  {
    stream: { type: Schema.Types.ObjectId, ref: "LiveStream", required: true },
    user: { type: Schema.Types.ObjectId, ref: "User", required: true },
    status: { type: String, enum: ["paid", "refunded", "disputed"], default: "paid" },
    checkoutSession: { type: String },
    paymentIntent: { type: String },
    amountMinor: { type: Number },
    currency: { type: String },
  },
  { timestamps: true },
);
ticketSchema.index({ stream: 1, user: 1 }, { unique: true });
ticketSchema.index({ paymentIntent: 1 }, { sparse: true });

export type BanDoc = { _id: mongoose.Types.ObjectId; host: mongoose.Types.ObjectId; user: mongoose.Types.ObjectId; reason: string; expiresAt?: Date; createdBy: mongoose.Types.ObjectId; createdAt: Date };

export const BanModel: Model<BanDoc> = (mongoose.models.StreamBan as Model<BanDoc> | undefined) ?? mongoose.model<BanDoc>("StreamBan", banSchema);
export type SubscriptionDoc = {
  _id: mongoose.Types.ObjectId;
  subscriber: mongoose.Types.ObjectId;
  creator: mongoose.Types.ObjectId;
  tier: string;
  status: "active" | "canceled" | "past_due";
  currentPeriodEnd: Date;
  stripeSubscription?: string;
  stripeCustomer?: string;
  cancelAtPeriodEnd?: boolean;
  lastEventAt?: Date;
};
export type TicketDoc = {
  _id: mongoose.Types.ObjectId;
  stream: mongoose.Types.ObjectId;
  user: mongoose.Types.ObjectId;
  status: "paid" | "refunded" | "disputed";
  checkoutSession?: string;
  paymentIntent?: string;
  amountMinor?: number;
  currency?: string;
};

export const SubscriptionModel: Model<SubscriptionDoc> =
  (mongoose.models.Subscription as Model<SubscriptionDoc> | undefined) ?? mongoose.model<SubscriptionDoc>("Subscription", subscriptionSchema);
export const TicketModel: Model<TicketDoc> = (mongoose.models.Ticket as Model<TicketDoc> | undefined) ?? mongoose.model<TicketDoc>("Ticket", ticketSchema);

/**
 * A moderator of a channel (`channel` is the owner's user id). Written by the moderation flow; read by the
 * access module, which lets moderators watch any of the channel's streams and moderate its chat.
 */
const moderatorSchema = new Schema(
  {
    channel: { type: Schema.Types.ObjectId, ref: "User", required: true },
    user: { type: Schema.Types.ObjectId, ref: "User", required: true },
    /** Lead moderators appoint and remove moderators. */
    level: { type: String, enum: ["moderator", "lead"], default: "moderator" },
    createdBy: { type: Schema.Types.ObjectId, ref: "User", required: true },
  },
  { timestamps: true },
);
moderatorSchema.index({ channel: 1, user: 1 }, { unique: true });
moderatorSchema.index({ user: 1 }); // the channels a user moderates

export type ModeratorDoc = { _id: mongoose.Types.ObjectId; channel: mongoose.Types.ObjectId; user: mongoose.Types.ObjectId; level: "moderator" | "lead"; createdBy: mongoose.Types.ObjectId; createdAt: Date };
export const ModeratorModel: Model<ModeratorDoc> = (mongoose.models.ChannelModerator as Model<ModeratorDoc> | undefined) ?? mongoose.model<ModeratorDoc>("ChannelModerator", moderatorSchema);
