import { Types } from "mongoose";
import { connectDb } from "@/lib/db/connection";
import { ChatMessageModel, MessageReactionModel, type ChatMessageDoc } from "@/lib/db/models/chat-message.model";
import { AppError } from "@/lib/errors";
import { limiter } from "@/lib/rate-limit";
import { publish } from "@/lib/realtime/emitter";
import type { Actor } from "@/lib/accounts/authenticate";
import { insertIfAbsent } from "@/lib/db/writes";
import { assertCan, streamSnapshot } from "@/lib/access";
import { chatBuffer } from "@/lib/chat/write-buffer";
import { toChatMessageView } from "@/lib/chat/view";
import type { DeleteMessageResult, MessageDeletedEvent, MessageReactions, MessageReactionsEvent } from "@/lib/chat/schemas";

async function messageOrThrow(streamId: string, messageId: string): Promise<ChatMessageDoc> {
  await chatBuffer.flush();
  await connectDb();
  const m = await ChatMessageModel.findOne({ _id: messageId, stream: streamId, deleted: false }).lean<ChatMessageDoc>();
  if (!m) throw new AppError("NOT_FOUND", "Message not found");
  return m;
}

/** Deletes a message: its sender or the stream's host. Everyone in the room is told to remove it. */
export async function deleteChatMessage(actor: Actor, streamId: string, messageId: string): Promise<DeleteMessageResult> {
  const stream = await streamSnapshot(streamId);
  const m = await messageOrThrow(streamId, messageId);
  // Everyone may delete their own messages; other people's need the right to moderate the chat.
  if (m.sender.toString() !== actor.id) await assertCan(actor, "chat.moderate", stream);
  await ChatMessageModel.updateOne({ _id: messageId }, { $set: { deleted: true, deletedBy: new Types.ObjectId(actor.id) } });
  publish(`stream:${streamId}`, "chat_message_deleted", { streamId, messageId, deletedBy: actor.id } satisfies MessageDeletedEvent);
  return { deleted: true, messageId };
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
