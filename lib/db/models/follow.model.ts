import mongoose, { Schema, type Model } from "mongoose";

const followSchema = new Schema(
  {
    follower: { type: Schema.Types.ObjectId, ref: "User", required: true },
    followee: { type: Schema.Types.ObjectId, ref: "User", required: true },
  },
  { timestamps: true },
);

followSchema.index({ follower: 1, followee: 1 }, { unique: true });
followSchema.index({ followee: 1, createdAt: -1 });

export type FollowDoc = { _id: mongoose.Types.ObjectId; follower: mongoose.Types.ObjectId; followee: mongoose.Types.ObjectId; createdAt: Date };

export const FollowModel: Model<FollowDoc> = (mongoose.models.Follow as Model<FollowDoc> | undefined) ?? mongoose.model<FollowDoc>("Follow", followSchema);
