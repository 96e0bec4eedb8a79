import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";
import { STREAM_TYPES } from "@/lib/streams/status";

/**
 * A past broadcast kept for replay (one per stream: the unique `stream` index makes the worker's write
 * idempotent when a job is retried or taken over). The audience is copied from the stream when it ended, so
 * the replay keeps the live rules even if the stream is later deleted; `visibility: unlisted` hides it from
 * the channel page while the direct link still plays.
 */
const recordingSchema = new Schema(
  {
    stream: { type: Schema.Types.ObjectId, required: true },
    host: { type: Schema.Types.ObjectId, ref: "User", required: true },
    /** The stream's room: its HLS folder (live/<roomId>/) stays as the VOD playlist. */
    roomId: { type: String },
    title: { type: String, required: true },
    category: { type: String, default: "" },
    streamType: { type: String, enum: STREAM_TYPES, default: "public" },
    ticketPrice: { type: Number },
    currency: { type: String, default: "USD" },
    visibility: { type: String, enum: ["public", "unlisted"], default: "public" },
    durationSeconds: { type: Number, required: true },
    sizeBytes: { type: Number, required: true },
    width: { type: Number },
    height: { type: Number },
    /** Where the files are: `local` (MEDIA_DIR) or `s3` (S3_BUCKET); keys are relative to that root. */
    storage: {
      driver: { type: String, enum: ["local", "s3"], required: true },
      videoKey: { type: String, required: true },
      posterKey: { type: String },
    },
    startedAt: { type: Date },
    endedAt: { type: Date },
  },
  { timestamps: true },
);

recordingSchema.index({ stream: 1 }, { unique: true });
recordingSchema.index({ host: 1, visibility: 1, createdAt: -1 }); // channel page
recordingSchema.index({ roomId: 1 }); // its HLS after the stream is deleted

export type RecordingDoc = InferSchemaType<typeof recordingSchema> & { _id: mongoose.Types.ObjectId; createdAt: Date; updatedAt: Date };

export const RecordingModel: Model<InferSchemaType<typeof recordingSchema>> =
  (mongoose.models.Recording as Model<InferSchemaType<typeof recordingSchema>> | undefined) ?? mongoose.model("Recording", recordingSchema);
