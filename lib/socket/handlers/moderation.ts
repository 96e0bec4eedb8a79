import { handler, type EventHandler } from "@/lib/socket/dispatch";
import { requireSocketActor } from "@/lib/socket/socket-actor";
import { streamRef } from "@/lib/chat/schemas";
import { addModeratorEvent, banUserEvent, chatModeEvent, slowModeEvent, targetEvent, timeoutUserEvent } from "@/lib/moderation/schemas";
import { banUser, unbanUser } from "@/lib/moderation/bans";
import { timeoutUser, untimeoutUser } from "@/lib/moderation/timeouts";
import { addModerator, removeModerator } from "@/lib/moderation/moderators";
import { updateModerationSettings } from "@/lib/moderation/settings";
import { clearChat } from "@/lib/moderation/messages";

/**
 * ban_user, unban_user, timeout_user, untimeout_user, add_moderator, remove_moderator, slow_mode, chat_mode,
 * clear_chat (delete_chat_message is with the chat events): the same use cases as the REST routes.
 */
export const moderationEvents: Record<string, EventHandler> = {
  ban_user: handler(banUserEvent, (socket, { streamId, ...input }) => banUser(requireSocketActor(socket), streamId, input)),
  unban_user: handler(targetEvent, (socket, { streamId, userId }) => unbanUser(requireSocketActor(socket), streamId, userId)),
  timeout_user: handler(timeoutUserEvent, (socket, { streamId, ...input }) => timeoutUser(requireSocketActor(socket), streamId, input)),
  untimeout_user: handler(targetEvent, (socket, { streamId, userId }) => untimeoutUser(requireSocketActor(socket), streamId, userId)),
  add_moderator: handler(addModeratorEvent, (socket, { streamId, ...input }) => addModerator(requireSocketActor(socket), streamId, input)),
  remove_moderator: handler(targetEvent, (socket, { streamId, userId }) => removeModerator(requireSocketActor(socket), streamId, userId)),
  slow_mode: handler(slowModeEvent, (socket, { streamId, seconds }) => updateModerationSettings(requireSocketActor(socket), streamId, { slowMode: seconds })),
  chat_mode: handler(chatModeEvent, (socket, { streamId, ...modes }) => updateModerationSettings(requireSocketActor(socket), streamId, modes)),
  clear_chat: handler(streamRef, (socket, { streamId }) => clearChat(requireSocketActor(socket), streamId)),
};
