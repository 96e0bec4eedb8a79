import { z } from "zod";
import { accessView } from "@/lib/access/schemas";
import { objectId, streamView } from "@/lib/streams/schemas";
import { MAX_MESSAGE_LENGTH, VISIBLE_TEXT } from "@/lib/chat/text";
import { chatSettingsEvent } from "@/lib/moderation/schemas";

import { REACTION_EMOJIS } from "@/lib/chat/emojis";
import { CATCH_UP_LIMIT } from "@/lib/chat/limits";

export { REACTION_EMOJIS };

/** A chat message as sent: within the length limit, and not empty once cleaned (lib/chat/text.ts), which the pattern says. */
const messageText = z
  .string()
  .max(MAX_MESSAGE_LENGTH, `must be at most ${MAX_MESSAGE_LENGTH} characters`)
  .regex(VISIBLE_TEXT, "is empty")
  .describe("The message: at most 500 characters, with at least one visible one; control characters become spaces and runs of whitespace collapse.");

export const sendMessageInput = z.object({ streamId: objectId, message: messageText }).strict();
export const restSendMessageInput = z.object({ message: messageText }).strict();
export const streamRef = z.object({ streamId: objectId }).strict();
export const joinStreamInput = z
  .object({
    streamId: objectId,
    viewerKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).optional(),
    since: objectId.optional().describe("Catch-up after a reconnect: the id of the last message the client saw (or an id made from a time); `history` is then what came after it, oldest first"),
  })
  .strict();
export const reactionInput = z.object({ streamId: objectId, emoji: z.enum(REACTION_EMOJIS) }).strict();
export const typingInput = z.object({ streamId: objectId, isTyping: z.boolean().default(true) }).strict();
export const deleteMessageInput = z.object({ streamId: objectId, messageId: objectId }).strict();
export const messageReactionInput = z.object({ streamId: objectId, messageId: objectId, emoji: z.enum(REACTION_EMOJIS) }).strict();
export const historyQuery = z
  .object({
    before: objectId.optional().describe("Page back: messages older than this id"),
    after: objectId.optional().describe("Catch up: messages newer than this id, oldest first (`nextAfter` pages on); with `before`, those between the two"),
    limit: z.coerce.number().int().min(1).max(CATCH_UP_LIMIT).default(50).describe(`Messages per page, at most ${CATCH_UP_LIMIT} (a catch-up pages at that size, as many as a rejoin's history: on a cold buffer each page is a database read)`),
  })
  .strict();
export const messageParams = z.object({ id: objectId, messageId: objectId });

export const chatMessageView = z.object({
  id: z.string(),
  streamId: z.string(),
  sender: z.object({ id: z.string(), username: z.string(), displayName: z.string() }),
  role: z.enum(["owner", "cohost", "lead_moderator", "moderator", "guest", "subscriber"]).nullable().describe("The sender's staff role in the channel, their place on the stream's stage, or their subscription, when they spoke (the chat's badge)"),
  message: z.string(),
  mentions: z.array(z.string()),
  reactions: z.record(z.string(), z.number()),
  createdAt: z.string(),
});

/** A page of history, oldest first; `nextBefore` pages further back, `nextAfter` (paging with `after`) further on. */
export const chatPage = z.object({
  messages: z.array(chatMessageView),
  nextBefore: z.string().nullable(),
  nextAfter: z.string().nullable(),
  asOf: z.iso.datetime().describe("When the server read this page. A socket already in the stream's room by then receives every message sent after it live, so a catch-up may stop paging once `nextAfter` is a couple of seconds past it"),
});
/** A page as the history reads give it, before it is stamped (`chatHistory`). */
export type ChatPageRead = Omit<ChatPage, "asOf">;

/**
 * The `join_stream` acknowledgement: the stream, the last messages (with `since`: the messages after it,
 * and `nextAfter` while more remain, to fetch with `GET …/chat?after=`), how many watch, what the actor may
 * do there and the chat's modes.
 */
export const joinStreamResult = z.object({
  stream: streamView,
  history: z.array(chatMessageView),
  nextBefore: z.string().nullable(),
  nextAfter: z.string().nullable(),
  currentViewers: z.number(),
  access: accessView,
  chatSettings: chatSettingsEvent.shape.settings,
});

export const reactionQueued = z.object({ queued: z.literal(true) });
export const typingResult = z.object({ sent: z.boolean() });
export const deleteMessageResult = z.object({ deleted: z.literal(true), messageId: z.string() });
export const messageReactions = z.object({ messageId: z.string(), reactions: z.record(z.string(), z.number()) });

/** `chat_message_deleted`, `chat_message_reaction`, `stream_chat_typing`: to the stream's room. */
export const messageDeletedEvent = z.object({ streamId: z.string(), messageId: z.string(), deletedBy: z.string() });
export const messageReactionsEvent = messageReactions.extend({ streamId: z.string() });
export const typingEvent = z.object({ streamId: z.string(), user: z.object({ id: z.string(), username: z.string() }), isTyping: z.boolean() });
/** `stream_reaction`: one aggregate per flush; `emoji` and `username` keep the spec's single-reaction shape. */
export const streamReactionEvent = z.object({
  streamId: z.string(),
  emoji: z.string(),
  username: z.string(),
  count: z.number(),
  reactions: z.record(z.string(), z.number()),
  recent: z.array(z.object({ emoji: z.string(), username: z.string() })),
});

export type ChatMessageView = z.infer<typeof chatMessageView>;
export type HistoryQuery = z.input<typeof historyQuery>;
export type ChatPage = z.infer<typeof chatPage>;
export type JoinStreamResult = z.infer<typeof joinStreamResult>;
export type ReactionQueued = z.infer<typeof reactionQueued>;
export type TypingResult = z.infer<typeof typingResult>;
export type DeleteMessageResult = z.infer<typeof deleteMessageResult>;
export type MessageReactions = z.infer<typeof messageReactions>;
export type MessageDeletedEvent = z.infer<typeof messageDeletedEvent>;
export type MessageReactionsEvent = z.infer<typeof messageReactionsEvent>;
export type TypingEvent = z.infer<typeof typingEvent>;
export type StreamReactionEvent = z.infer<typeof streamReactionEvent>;
