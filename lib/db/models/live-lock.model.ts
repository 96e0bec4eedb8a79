import mongoose, { Schema, type Model } from "mongoose";

/**
 * One document per host that is on air, keyed by the host's id: the unique `_id` makes "at most one live
 * stream per user" hold under races without transactions or partial indexes (FerretDB has neither).
 */
const liveLockSchema = new Schema({ _id: { type: Schema.Types.ObjectId, required: true }, stream: { type: Schema.Types.ObjectId, required: true } }, { timestamps: true });

export type LiveLockDoc = { _id: mongoose.Types.ObjectId; stream: mongoose.Types.ObjectId; updatedAt?: Date };

export const LiveLockModel: Model<LiveLockDoc> = (mongoose.models.LiveLock as Model<LiveLockDoc> | undefined) ?? mongoose.model<LiveLockDoc>("LiveLock", liveLockSchema);
