import { z } from "zod";
import { objectId } from "@/lib/streams/schemas";
import { MAX_MESSAGE_LENGTH } from "@/lib/chat/text";

import { REACTION_EMOJIS } from "@/lib/chat/emojis";

export { REACTION_EMOJIS };

export const sendMessageInput = z.object({ streamId: objectId, message: z.string().max(MAX_MESSAGE_LENGTH * 4, "is too long") }).strict();
export const restSendMessageInput = z.object({ message: z.string().max(MAX_MESSAGE_LENGTH * 4, "is too long") }).strict();
export const streamRef = z.object({ streamId: objectId }).strict();
export const joinStreamInput = z.object({ streamId: objectId, viewerKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).optional() }).strict();
export const reactionInput = z.object({ streamId: objectId, emoji: z.enum(REACTION_EMOJIS) }).strict();
export const typingInput = z.object({ streamId: objectId, isTyping: z.boolean().default(true) }).strict();
export const deleteMessageInput = z.object({ streamId: objectId, messageId: objectId }).strict();
export const messageReactionInput = z.object({ streamId: objectId, messageId: objectId, emoji: z.enum(REACTION_EMOJIS) }).strict();
export const historyQuery = z.object({ before: objectId.optional(), limit: z.coerce.number().int().min(1).max(100).default(50) }).strict();
export const messageParams = z.object({ id: objectId, messageId: objectId });

export const chatMessageView = z.object({
  id: z.string(),
  streamId: z.string(),
  sender: z.object({ id: z.string(), username: z.string(), displayName: z.string() }),
  message: z.string(),
  mentions: z.array(z.string()),
  reactions: z.record(z.string(), z.number()),
  createdAt: z.string(),
});

export const chatPageSchema = z.object({ messages: z.array(chatMessageView), nextBefore: z.string().nullable() });

export type ChatMessageView = z.infer<typeof chatMessageView>;
