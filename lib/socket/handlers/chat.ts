import { handler, type EventHandler } from "@/lib/socket/dispatch";
import { requireSocketActor } from "@/lib/socket/socket-actor";
import { inStreamRoom, streamRoomsOf } from "@/lib/realtime/stream-batches";
import { deleteMessageInput, messageReactionInput, reactionInput, sendMessageInput, typingInput } from "@/lib/chat/schemas";
import { sendChatMessage } from "@/lib/chat/send-message";
import { sendReaction } from "@/lib/chat/reactions";
import { typingSignal } from "@/lib/chat/typing";
import { reactToMessage } from "@/lib/chat/moderate-message";
import { deleteChatMessage } from "@/lib/moderation/messages";

/** stream_chat_message, stream_reaction, stream_chat_typing, delete_chat_message, chat_message_reaction. */
export const chatEvents: Record<string, EventHandler> = {
  stream_chat_message: handler(sendMessageInput, (socket, { streamId, message }) => sendChatMessage(requireSocketActor(socket), streamId, message)),
  stream_reaction: handler(reactionInput, (socket, { streamId, emoji }) => sendReaction(requireSocketActor(socket), streamId, emoji)),
  delete_chat_message: handler(deleteMessageInput, (socket, { streamId, messageId }) => deleteChatMessage(requireSocketActor(socket), streamId, messageId)),
  chat_message_reaction: handler(messageReactionInput, (socket, { streamId, messageId, emoji }) => reactToMessage(requireSocketActor(socket), streamId, messageId, emoji)),
  stream_chat_typing: handler(typingInput, async (socket, { streamId, isTyping }) => {
    const actor = requireSocketActor(socket);
    // Only to sockets that joined the stream, and not back to the sender.
    // Plain and batched connections alike: typing is no busy event (rate-limited) and needs no order.
    const signal = inStreamRoom(socket.rooms, streamId) ? typingSignal(actor, streamId, isTyping) : null;
    if (signal) socket.to(streamRoomsOf(streamId)).emit("stream_chat_typing", signal);
    return { sent: Boolean(signal) };
  }),
};
