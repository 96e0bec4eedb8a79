import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";
import { CATEGORY_IDS } from "@/lib/streams/categories";
import { STREAM_STATUSES, STREAM_TYPES } from "@/lib/streams/status";
import { CAMERA_NAMES, LAYOUT_MODES } from "@/lib/guests/schemas";
import { serialWrites } from "@/lib/db/serial-writes";

/** The name under which writes of one stream document are held (serial-writes.ts). */
export const STREAM_COLLECTION = "livestreams";

const streamSchema = new Schema(
  {
    title: { type: String, required: true },
    description: { type: String, default: "" },
    category: { type: String, enum: CATEGORY_IDS, required: true },
    tags: { type: [String], default: [] },
    host: { type: Schema.Types.ObjectId, ref: "User", required: true },
    status: { type: String, enum: STREAM_STATUSES, default: "scheduled" },
    streamType: { type: String, enum: STREAM_TYPES, default: "public" },
    ticketPrice: { type: Number },
    currency: { type: String, enum: ["USD", "EUR", "GBP", "JPY"], default: "USD" },
    /** The publishing secret: never selected unless asked for, never logged. */
    streamKey: { type: String, required: true, select: false },
    keyRotatedAt: { type: Date },
    roomId: { type: String, required: true },
    quality: {
      resolution: { type: String, default: "1080p" },
      bitrate: { type: Number, default: 4500 },
      fps: { type: Number, default: 30 },
      codec: { type: String, default: "h264" },
    },
    features: {
      chatEnabled: { type: Boolean, default: true },
      reactionsEnabled: { type: Boolean, default: true },
      donationsEnabled: { type: Boolean, default: true },
      recordingEnabled: { type: Boolean, default: false },
    },
    analytics: {
      currentViewers: { type: Number, default: 0 },
      peakViewers: { type: Number, default: 0 },
      totalViews: { type: Number, default: 0 },
      chatMessages: { type: Number, default: 0 },
      reactions: { type: Number, default: 0 },
      likes: { type: Number, default: 0 },
      shares: { type: Number, default: 0 },
      averageWatchTime: { type: Number, default: 0 },
    },
    monetization: {
      totalEarnings: { type: Number, default: 0 },
      donations: { type: [Schema.Types.Mixed], default: [] },
      subscribers: { type: [Schema.Types.ObjectId], default: [] },
    },
    /** What LiveKit's webhooks report: whether the host's media connection is up, and since when it is down. */
    media: {
      hostConnected: { type: Boolean, default: false },
      hostDisconnectedAt: { type: Date },
      participants: { type: Number, default: 0 },
      /** When the recorder last wrote a live thumbnail (workers/record): versions the card's thumbnail URL. */
      thumbnailAt: { type: Date },
    },
    /** Viewer counts by source; analytics.currentViewers is the larger (lib/streams/viewers.ts). */
    presence: {
      socket: { type: Number, default: 0 },
      media: { type: Number, default: 0 },
    },
    /** How host and guests share the screen (lib/guests/layout.ts): the player and the recorder follow it. */
    layout: {
      mode: { type: String, enum: LAYOUT_MODES, default: "spotlight" },
      primary: { type: String, default: null },
      cameras: { type: [String], enum: CAMERA_NAMES, default: ["camera"] },
    },
    scheduledFor: { type: Date },
    startedAt: { type: Date },
    pausedAt: { type: Date },
    endedAt: { type: Date },
    thumbnailUrl: { type: String },
    /** Demo content seeded for local use; shown with a badge. */
    isDemo: { type: Boolean, default: false },
    /** Word prefixes of title, description, tags and host name (lib/streams/search-terms.ts). */
    searchTerms: { type: [String], default: [], select: false },
  },
  { timestamps: true },
);

// Updates of one stream wait for each other (FerretDB could lose one of two at once): see serial-writes.ts.
streamSchema.plugin(serialWrites, STREAM_COLLECTION);
streamSchema.index({ roomId: 1 }, { unique: true });
streamSchema.index({ streamKey: 1 }, { unique: true });
streamSchema.index({ status: 1, streamType: 1, "analytics.currentViewers": -1 }); // trending, live now
streamSchema.index({ status: 1, category: 1, streamType: 1, "analytics.currentViewers": -1 }); // category pages
streamSchema.index({ status: 1, streamType: 1, scheduledFor: 1 }); // upcoming
streamSchema.index({ host: 1, createdAt: -1 }); // my streams, channel pages
streamSchema.index({ searchTerms: 1, status: 1 }); // search
streamSchema.index({ status: 1, "media.hostDisconnectedAt": 1 }); // host grace sweeper
streamSchema.index({ status: 1, startedAt: 1 }); // streams whose media never came (idle sweeper)

export type StreamDoc = InferSchemaType<typeof streamSchema> & { _id: mongoose.Types.ObjectId; createdAt: Date; updatedAt: Date };

export const StreamModel: Model<InferSchemaType<typeof streamSchema>> =
  (mongoose.models.LiveStream as Model<InferSchemaType<typeof streamSchema>> | undefined) ?? mongoose.model("LiveStream", streamSchema);
