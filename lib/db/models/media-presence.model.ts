import mongoose, { Schema, type Model } from "mongoose";

/** One document per viewer connected to a stream's LiveKit room, keyed `<streamId>:<identity>` (so joins are idempotent). */
const mediaPresenceSchema = new Schema({ _id: { type: String, required: true }, stream: { type: Schema.Types.ObjectId, required: true }, identity: { type: String, required: true } }, { timestamps: true });
mediaPresenceSchema.index({ stream: 1 });

export type MediaPresenceDoc = { _id: string; stream: mongoose.Types.ObjectId; identity: string };

export const MediaPresenceModel: Model<MediaPresenceDoc> =
  (mongoose.models.MediaPresence as Model<MediaPresenceDoc> | undefined) ?? mongoose.model<MediaPresenceDoc>("MediaPresence", mediaPresenceSchema);
