import { publish } from "@/lib/realtime/emitter";
import type { Actor } from "@/lib/accounts/authenticate";
import { assertCan, assertCanActOn, streamSnapshot } from "@/lib/access";
import { announceDeleted, messageOrThrow, removeMessages } from "@/lib/chat/moderate-message";
import type { DeleteMessageResult } from "@/lib/chat/schemas";
import { logAction } from "@/lib/moderation/log";
import type { ChatClearedEvent, ClearChatResult, UserMessagesClearedEvent } from "@/lib/moderation/schemas";

/**
 * Deletes a message: its sender, or the host and moderators on someone they outrank (a moderator cannot
 * delete the host's or another moderator's lines). It leaves history and every viewer's chat at once.
 * `DELETE /api/livestream/{id}/chat/{messageId}` and the `delete_chat_message` event.
 */
export async function deleteChatMessage(actor: Actor, streamId: string, messageId: string): Promise<DeleteMessageResult> {
  const s = await streamSnapshot(streamId);
  const m = await messageOrThrow(streamId, messageId);
  const sender = m.sender.toString();
  const own = sender === actor.id;
  if (!own) await assertCanActOn(actor, "chat.moderate", s, sender);
  await removeMessages(streamId, { messageId }, actor.id);
  announceDeleted(streamId, messageId, actor.id);
  if (!own) await logAction({ channelId: s.hostId, streamId, action: "delete_message", actor, target: { id: sender, username: m.senderUsername }, details: { messageId, text: m.text.slice(0, 200) } });
  return { deleted: true, messageId };
}

/** Clears the stream's chat for everyone (history included): the host and moderators. */
export async function clearChat(actor: Actor, streamId: string): Promise<ClearChatResult> {
  const s = await streamSnapshot(streamId);
  await assertCan(actor, "chat.moderate", s);
  const removed = await removeMessages(streamId, "all", actor.id);
  publish(`stream:${streamId}`, "chat_cleared", { streamId, by: actor.username } satisfies ChatClearedEvent);
  await logAction({ channelId: s.hostId, streamId, action: "clear_chat", actor, details: { removed } });
  return { cleared: true };
}

/** A banned or timed-out user's lines leave history and every viewer's chat (callers checked the rights). */
export async function removeMessagesOf(streamId: string, userId: string, by: string): Promise<void> {
  await removeMessages(streamId, { userId }, by);
  publish(`stream:${streamId}`, "chat_user_messages_cleared", { streamId, userId } satisfies UserMessagesClearedEvent);
}
