import mongoose, { Schema, type Model } from "mongoose";
import { MODERATION_ACTIONS, type ModerationActionKind, type ModerationSettings } from "@/lib/moderation/schemas";

/** A channel's chat rules (`channel` is the owner's user id); absent until first changed (defaults apply). */
const channelSettingsSchema = new Schema(
  {
    channel: { type: Schema.Types.ObjectId, ref: "User", required: true },
    moderation: {
      slowMode: { type: Number, default: 0 },
      followersOnly: { type: Boolean, default: false },
      followersMinAgeMinutes: { type: Number, default: 0 },
      subscribersOnly: { type: Boolean, default: false },
      emoteOnly: { type: Boolean, default: false },
      autoModeration: { type: Boolean, default: false },
      blockLinks: { type: Boolean, default: false },
      bannedWords: { type: [String], default: [] },
    },
  },
  { timestamps: true },
);
channelSettingsSchema.index({ channel: 1 }, { unique: true });

export type ChannelSettingsDoc = { _id: mongoose.Types.ObjectId; channel: mongoose.Types.ObjectId; moderation: ModerationSettings; updatedAt: Date };
export const ChannelSettingsModel: Model<ChannelSettingsDoc> =
  (mongoose.models.ChannelSettings as Model<ChannelSettingsDoc> | undefined) ?? mongoose.model<ChannelSettingsDoc>("ChannelSettings", channelSettingsSchema);

/** A user kept out of a channel's chat until `until` (they still watch). Expiry is checked at read time. */
const chatTimeoutSchema = new Schema(
  {
    channel: { type: Schema.Types.ObjectId, ref: "User", required: true },
    user: { type: Schema.Types.ObjectId, ref: "User", required: true },
    until: { type: Date, required: true },
    reason: { type: String, default: "" },
    createdBy: { type: Schema.Types.ObjectId, ref: "User", required: true },
  },
  { timestamps: true },
);
chatTimeoutSchema.index({ channel: 1, user: 1 }, { unique: true });
chatTimeoutSchema.index({ channel: 1, until: -1 }); // the channel's active timeouts

export type ChatTimeoutDoc = { _id: mongoose.Types.ObjectId; channel: mongoose.Types.ObjectId; user: mongoose.Types.ObjectId; until: Date; reason: string; createdBy: mongoose.Types.ObjectId; createdAt: Date };
export const ChatTimeoutModel: Model<ChatTimeoutDoc> = (mongoose.models.ChatTimeout as Model<ChatTimeoutDoc> | undefined) ?? mongoose.model<ChatTimeoutDoc>("ChatTimeout", chatTimeoutSchema);

/** One moderation action: who did what to whom, why and when (the channel's moderation log). */
const moderationLogSchema = new Schema(
  {
    channel: { type: Schema.Types.ObjectId, ref: "User", required: true },
    stream: { type: Schema.Types.ObjectId, ref: "LiveStream" },
    action: { type: String, enum: MODERATION_ACTIONS, required: true },
    actor: { type: Schema.Types.ObjectId, ref: "User", required: true },
    actorUsername: { type: String, required: true },
    target: { type: Schema.Types.ObjectId, ref: "User" },
    targetUsername: { type: String },
    reason: { type: String, default: "" },
    details: { type: Schema.Types.Mixed, default: {} },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
moderationLogSchema.index({ channel: 1, _id: -1 }); // newest first, paged by id

export type ModerationLogDoc = {
  _id: mongoose.Types.ObjectId;
  channel: mongoose.Types.ObjectId;
  stream?: mongoose.Types.ObjectId;
  action: ModerationActionKind;
  actor: mongoose.Types.ObjectId;
  actorUsername: string;
  target?: mongoose.Types.ObjectId;
  targetUsername?: string;
  reason: string;
  details: Record<string, unknown>;
  createdAt: Date;
};
export const ModerationLogModel: Model<ModerationLogDoc> =
  (mongoose.models.ModerationLog as Model<ModerationLogDoc> | undefined) ?? mongoose.model<ModerationLogDoc>("ModerationLog", moderationLogSchema);
