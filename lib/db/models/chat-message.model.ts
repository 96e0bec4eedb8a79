import mongoose, { Schema, type Model } from "mongoose";

/**
 * A chat message. `_id` is created by the app when the message is sent (ObjectIds sort by time), so the
 * message can be broadcast at once and written in a batch a moment later.
 */
const chatMessageSchema = new Schema(
  {
    stream: { type: Schema.Types.ObjectId, required: true },
    sender: { type: Schema.Types.ObjectId, required: true },
    senderUsername: { type: String, required: true },
    senderDisplayName: { type: String, required: true },
    /** The sender's staff role in the channel when they spoke (owner, lead_moderator, moderator): the chat's badge. */
    senderRole: { type: String },
    text: { type: String, required: true },
    mentions: { type: [String], default: [] },
    reactions: { type: Map, of: Number, default: {} },
    deleted: { type: Boolean, default: false },
    deletedBy: { type: Schema.Types.ObjectId },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

chatMessageSchema.index({ stream: 1, _id: -1 }); // history pages by cursor
chatMessageSchema.index({ stream: 1, sender: 1 }); // a banned or timed-out user's lines

export type ChatMessageDoc = {
  _id: mongoose.Types.ObjectId;
  stream: mongoose.Types.ObjectId;
  sender: mongoose.Types.ObjectId;
  senderUsername: string;
  senderDisplayName: string;
  senderRole?: string;
  text: string;
  mentions: string[];
  reactions?: Map<string, number> | Record<string, number>;
  deleted: boolean;
  deletedBy?: mongoose.Types.ObjectId;
  createdAt: Date;
};

export const ChatMessageModel: Model<ChatMessageDoc> =
  (mongoose.models.ChatMessage as Model<ChatMessageDoc> | undefined) ?? mongoose.model<ChatMessageDoc>("ChatMessage", chatMessageSchema);

/** One reaction of one user to one message (the unique index makes a repeat a no-op). */
const messageReactionSchema = new Schema({ message: { type: Schema.Types.ObjectId, required: true }, user: { type: Schema.Types.ObjectId, required: true }, emoji: { type: String, required: true } }, { timestamps: true });
messageReactionSchema.index({ message: 1, user: 1, emoji: 1 }, { unique: true });

export type MessageReactionDoc = { _id: mongoose.Types.ObjectId; message: mongoose.Types.ObjectId; user: mongoose.Types.ObjectId; emoji: string };

export const MessageReactionModel: Model<MessageReactionDoc> =
  (mongoose.models.MessageReaction as Model<MessageReactionDoc> | undefined) ?? mongoose.model<MessageReactionDoc>("MessageReaction", messageReactionSchema);
