import { Types } from "mongoose";
import { connectDb } from "@/lib/db/connection";
import { ChatMessageModel, MessageReactionModel, type ChatMessageDoc } from "@/lib/db/models/chat-message.model";
import { AppError } from "@/lib/errors";
import { limiter } from "@/lib/rate-limit";
import { publish } from "@/lib/realtime/emitter";
import type { Actor } from "@/lib/accounts/authenticate";
import { insertIfAbsent } from "@/lib/db/writes";
import { assertCan } from "@/lib/access";
import { chatBuffer } from "@/lib/chat/write-buffer";
import { toChatMessageView } from "@/lib/chat/view";
import type { MessageDeletedEvent, MessageReactions, MessageReactionsEvent } from "@/lib/chat/schemas";

/**
 * Takes a stream's messages out of the chat (history and every viewer's screen): one message, one user's
 * lines (a ban or a timeout), or all of them (clear chat). Pending writes are flushed first so nothing
 * sent just before escapes. Returns how many were removed.
 */
export async function removeMessages(streamId: string, which: { messageId: string } | { userId: string } | "all", by: string): Promise<number> {
  await chatBuffer.flush();
  await connectDb();
  const filter: Record<string, unknown> = { stream: new Types.ObjectId(streamId), deleted: false };
  if (which !== "all" && "messageId" in which) filter._id = new Types.ObjectId(which.messageId);
  if (which !== "all" && "userId" in which) filter.sender = new Types.ObjectId(which.userId);
  const res = await ChatMessageModel.updateMany(filter, { $set: { deleted: true, deletedBy: new Types.ObjectId(by) } });
  return res.modifiedCount;
}

/** A message that is still shown, with its sender (moderation checks who sent it). */
export async function messageOrThrow(streamId: string, messageId: string): Promise<ChatMessageDoc> {
  await chatBuffer.flush();
  await connectDb();
  const m = await ChatMessageModel.findOne({ _id: messageId, stream: streamId, deleted: false }).lean<ChatMessageDoc>();
  if (!m) throw new AppError("NOT_FOUND", "Message not found");
  return m;
}

/** Everyone in the room removes the message. */
export function announceDeleted(streamId: string, messageId: string, deletedBy: string): void {
  publish(`stream:${streamId}`, "chat_message_deleted", { streamId, messageId, deletedBy } satisfies MessageDeletedEvent);
}

/** Adds a reaction to a message, once per user and emoji; everyone sees the new totals. */
export async function reactToMessage(actor: Actor, streamId: string, messageId: string, emoji: string): Promise<MessageReactions> {
  limiter.hitOrThrow(`msg-react:${actor.id}`, 30, 10_000, "Too many reactions");
  await assertCan(actor, "chat.react", streamId);
  await messageOrThrow(streamId, messageId);
  if (await insertIfAbsent(MessageReactionModel, { message: messageId, user: actor.id, emoji })) await ChatMessageModel.updateOne({ _id: messageId }, { $inc: { [`reactions.${emoji}`]: 1 } });
  const updated = await ChatMessageModel.findById(messageId).lean<ChatMessageDoc>();
  const reactions = updated ? toChatMessageView(updated).reactions : {};
  publish(`stream:${streamId}`, "chat_message_reaction", { streamId, messageId, reactions } satisfies MessageReactionsEvent);
  return { messageId, reactions };
}
