import mongoose, { Schema, type Model } from "mongoose";

/** Webhook events already handled, keyed by the sender's event id: a duplicate delivery has no second effect. */
const webhookEventSchema = new Schema({ _id: { type: String, required: true }, source: { type: String, required: true }, event: { type: String, required: true } }, { timestamps: true });
// FerretDB has no TTL indexes: old records are pruned by a range delete on createdAt (lib/media/webhook-retention.ts).
webhookEventSchema.index({ createdAt: 1 });

export type WebhookEventDoc = { _id: string; source: string; event: string; createdAt?: Date };

export const WebhookEventModel: Model<WebhookEventDoc> =
  (mongoose.models.WebhookEvent as Model<WebhookEventDoc> | undefined) ?? mongoose.model<WebhookEventDoc>("WebhookEvent", webhookEventSchema);
