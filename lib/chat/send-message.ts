import { Types } from "mongoose";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { limiter } from "@/lib/rate-limit";
import { publish } from "@/lib/realtime/emitter";
import type { Actor } from "@/lib/accounts/authenticate";
import type { ChatMessageDoc } from "@/lib/db/models/chat-message.model";
import { assertCanChat, streamSnapshot } from "@/lib/access";
import { chatBuffer } from "@/lib/chat/write-buffer";
import { cleanText, mentionsOf, MAX_MESSAGE_LENGTH } from "@/lib/chat/text";
import { toChatMessageView } from "@/lib/chat/view";
import { noteSent, screenChatMessage } from "@/lib/moderation/chat-guard";
import type { ChatMessageView } from "@/lib/chat/schemas";

/**
 * Sends a chat message: an account, access to the stream (bans, audience, timeouts, chat modes), chat
 * switched on and the stream not ended, a per-user rate limit, the channel's slow mode and filters, then broadcast to `stream:<id>` at once and a batched write.
 * REST (`POST /api/livestream/{id}/chat`) and the `stream_chat_message` event both land here.
 */
export async function sendChatMessage(actor: Actor, streamId: string, raw: string): Promise<ChatMessageView> {
  const text = cleanText(raw);
  if (!text) throw new AppError("VALIDATION_ERROR", "Invalid input", { details: [{ path: "message", message: "is empty" }] });
  if (text.length > MAX_MESSAGE_LENGTH) throw new AppError("VALIDATION_ERROR", "Invalid input", { details: [{ path: "message", message: `must be at most ${MAX_MESSAGE_LENGTH} characters` }] });
  const cfg = config();
  limiter.hitOrThrow(`chat:${actor.id}`, cfg.CHAT_RATE_LIMIT, cfg.CHAT_RATE_WINDOW_SECONDS * 1000, "You are sending messages too fast");
  const stream = await streamSnapshot(streamId);
  if (stream.status === "ended") throw new AppError("STREAM_ENDED", "This stream has ended");
  if (!stream.chatEnabled) throw new AppError("FORBIDDEN", "Chat is off for this stream");
  // One question to access for the message: may they send, their badge, whether filters apply to them.
  const { role, staff } = await assertCanChat(actor, stream);
  await screenChatMessage(actor, stream, raw, staff);

  const doc: ChatMessageDoc = {
    _id: new Types.ObjectId(),
    stream: new Types.ObjectId(streamId),
    sender: new Types.ObjectId(actor.id),
    senderUsername: actor.username,
    senderDisplayName: actor.displayName,
    ...(role === "owner" || role === "cohost" || role === "lead_moderator" || role === "moderator" || role === "guest" || role === "subscriber" ? { senderRole: role } : {}),
    text,
    mentions: mentionsOf(text),
    reactions: {},
    deleted: false,
    createdAt: new Date(),
  };
  const view = toChatMessageView(doc);
  publish(`stream:${streamId}`, "stream_chat_message", view);
  chatBuffer.add(doc);
  noteSent(actor, stream, text);
  return view;
}
