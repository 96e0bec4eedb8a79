import type { ChatMessageDoc } from "@/lib/db/models/chat-message.model";
import type { ChatMessageView } from "@/lib/chat/schemas";

/** The roles a chat line shows a badge for: staff, people on stage (co-hosts, guests), and subscribers (issue 18). */
const BADGE_ROLES = ["owner", "cohost", "lead_moderator", "moderator", "guest", "subscriber"] as const;
const isBadgeRole = (r: string | undefined): r is (typeof BADGE_ROLES)[number] => (BADGE_ROLES as readonly (string | undefined)[]).includes(r);

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
    role: isBadgeRole(m.senderRole) ? m.senderRole : null,
    message: m.text,
    mentions: m.mentions ?? [],
    reactions: reactionsOf(m.reactions),
    createdAt: new Date(m.createdAt).toISOString(),
  };
}
