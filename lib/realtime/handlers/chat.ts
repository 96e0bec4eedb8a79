import type { Socket } from "socket.io";
import { onEvent } from "@/lib/realtime/handle";
import { requireSocketActor } from "@/lib/realtime/socket-actor";
import { deleteMessageInput, messageReactionInput, reactionInput, sendMessageInput, typingInput } from "@/lib/chat/schemas";
import { sendChatMessage } from "@/lib/chat/send-message";
import { sendReaction } from "@/lib/chat/reactions";
import { typingSignal } from "@/lib/chat/typing";
import { deleteChatMessage, reactToMessage } from "@/lib/chat/moderate-message";

/** stream_chat_message, stream_reaction, stream_chat_typing, delete_chat_message, chat_message_reaction. */
export function registerChatHandlers(socket: Socket): void {
  onEvent(socket, "stream_chat_message", sendMessageInput, ({ streamId, message }) => sendChatMessage(requireSocketActor(socket), streamId, message));
  onEvent(socket, "stream_reaction", reactionInput, ({ streamId, emoji }) => sendReaction(requireSocketActor(socket), streamId, emoji));
  onEvent(socket, "delete_chat_message", deleteMessageInput, ({ streamId, messageId }) => deleteChatMessage(requireSocketActor(socket), streamId, messageId));
  onEvent(socket, "chat_message_reaction", messageReactionInput, ({ streamId, messageId, emoji }) => reactToMessage(requireSocketActor(socket), streamId, messageId, emoji));
  onEvent(socket, "stream_chat_typing", typingInput, async ({ streamId, isTyping }) => {
    const actor = requireSocketActor(socket);
    // Only to sockets that joined the stream, and not back to the sender.
    const signal = socket.rooms.has(`stream:${streamId}`) ? typingSignal(actor, streamId, isTyping) : null;
    if (signal) socket.to(`stream:${streamId}`).emit("stream_chat_typing", signal);
    return { sent: Boolean(signal) };
  });
}
