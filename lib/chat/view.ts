import type { ChatMessageDoc } from "@/lib/db/models/chat-message.model";
import type { ChatMessageView } from "@/lib/chat/schemas";

function reactionsOf(r: ChatMessageDoc["reactions"]): Record<string, number> {
  if (!r) return {};
  const entries = r instanceof Map ? [...r.entries()] : Object.entries(r);
  return Object.fromEntries(entries.filter(([, n]) => n > 0));
}

/** The wire shape of a message (REST and the `stream_chat_message` event): `sender.username` as the spec has it. */
export function toChatMessageView(m: ChatMessageDoc): ChatMessageView {
  return {
    id: m._id.toString(),
    streamId: m.stream.toString(),
    sender: { id: m.sender.toString(), username: m.senderUsername, displayName: m.senderDisplayName },
    message: m.text,
    mentions: m.mentions ?? [],
    reactions: reactionsOf(m.reactions),
    createdAt: new Date(m.createdAt).toISOString(),
  };
}
