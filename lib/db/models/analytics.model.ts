import mongoose, { Schema, type Model } from "mongoose";

/**
 * One minute of one stream: counters incremented in memory and flushed every few seconds with $inc/$max
 * (never a write per event, never raw events aggregated on read). Quality fields are sums with a count,
 * so the minute's average is sum / count. Its `_id` is `<stream>:<minute ms>` (statsMinuteId): the flush
 * addresses each minute by `_id`, the one filter FerretDB answers from an index rather than a scan.
 */
export const statsMinuteId = (stream: string, minute: number) => `${stream}:${minute}`;

const statsMinuteSchema = new Schema(
  {
    _id: { type: String, required: true },
    stream: { type: Schema.Types.ObjectId, ref: "LiveStream", required: true },
    host: { type: Schema.Types.ObjectId, ref: "User", required: true },
    minute: { type: Date, required: true },
    viewers: { type: Number, default: 0 },
    joins: { type: Number, default: 0 },
    watchMs: { type: Number, default: 0 },
    chatMessages: { type: Number, default: 0 },
    reactions: { type: Number, default: 0 },
    likes: { type: Number, default: 0 },
    follows: { type: Number, default: 0 },
    q: {
      n: { type: Number, default: 0 },
      bitrateKbps: { type: Number, default: 0 },
      fps: { type: Number, default: 0 },
      droppedFrames: { type: Number, default: 0 },
      packetLoss: { type: Number, default: 0 },
      rttMs: { type: Number, default: 0 },
    },
  },
  { versionKey: false },
);
statsMinuteSchema.index({ stream: 1, minute: 1 }, { unique: true });
statsMinuteSchema.index({ host: 1, minute: 1 }); // channel ranges

export type StatsMinuteDoc = {
  _id: string;
  stream: mongoose.Types.ObjectId;
  host: mongoose.Types.ObjectId;
  minute: Date;
  viewers: number;
  joins: number;
  watchMs: number;
  chatMessages: number;
  reactions: number;
  likes: number;
  follows: number;
  q?: { n: number; bitrateKbps: number; fps: number; droppedFrames: number; packetLoss: number; rttMs: number };
};

export const StatsMinuteModel: Model<StatsMinuteDoc> =
  (mongoose.models.StreamStatsMinute as Model<StatsMinuteDoc> | undefined) ?? mongoose.model<StatsMinuteDoc>("StreamStatsMinute", statsMinuteSchema);

/**
 * One viewer of one stream (viewerKey: a user id, or an anonymous browser's key): the source of unique
 * viewers, watch time, geography and devices. Written when the viewer first arrives, then by the flush.
 * Its `_id` is `<stream>:<viewerKey>` (viewerSessionId), for the same reason as the minutes'.
 */
export const viewerSessionId = (stream: string, viewerKey: string) => `${stream}:${viewerKey}`;

const viewerSessionSchema = new Schema(
  {
    _id: { type: String, required: true },
    stream: { type: Schema.Types.ObjectId, ref: "LiveStream", required: true },
    host: { type: Schema.Types.ObjectId, ref: "User", required: true },
    viewerKey: { type: String, required: true },
    user: { type: Schema.Types.ObjectId, ref: "User" },
    firstSeen: { type: Date, required: true },
    lastSeen: { type: Date, required: true },
    views: { type: Number, default: 0 },
    watchMs: { type: Number, default: 0 },
    country: { type: String, default: "ZZ" },
    browser: { type: String, default: "Other" },
    os: { type: String, default: "Other" },
    deviceType: { type: String, default: "unknown" },
  },
  { versionKey: false },
);
viewerSessionSchema.index({ stream: 1, viewerKey: 1 }, { unique: true });
viewerSessionSchema.index({ host: 1, firstSeen: 1 });

export type ViewerSessionDoc = {
  _id: string;
  stream: mongoose.Types.ObjectId;
  host: mongoose.Types.ObjectId;
  viewerKey: string;
  user?: mongoose.Types.ObjectId;
  firstSeen: Date;
  lastSeen: Date;
  views: number;
  watchMs: number;
  country: string;
  browser: string;
  os: string;
  deviceType: string;
};

export const ViewerSessionModel: Model<ViewerSessionDoc> =
  (mongoose.models.ViewerSession as Model<ViewerSessionDoc> | undefined) ?? mongoose.model<ViewerSessionDoc>("ViewerSession", viewerSessionSchema);
