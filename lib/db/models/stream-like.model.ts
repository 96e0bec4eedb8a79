import mongoose, { Schema, type Model } from "mongoose";

const streamLikeSchema = new Schema(
  {
    stream: { type: Schema.Types.ObjectId, ref: "LiveStream", required: true },
    user: { type: Schema.Types.ObjectId, ref: "User", required: true },
  },
  { timestamps: true },
);

streamLikeSchema.index({ stream: 1, user: 1 }, { unique: true });

export type StreamLikeDoc = { _id: mongoose.Types.ObjectId; stream: mongoose.Types.ObjectId; user: mongoose.Types.ObjectId };

export const StreamLikeModel: Model<StreamLikeDoc> =
  (mongoose.models.StreamLike as Model<StreamLikeDoc> | undefined) ?? mongoose.model<StreamLikeDoc>("StreamLike", streamLikeSchema);
