import { z } from "zod";
import { objectId, trimmedText } from "@/lib/text-input";

/** Moderator levels: lead moderators appoint and remove moderators; moderators do not. */
export const MODERATOR_LEVELS = ["moderator", "lead"] as const;
export type ModeratorLevel = (typeof MODERATOR_LEVELS)[number];

/** What the moderation log records. */
export const MODERATION_ACTIONS = [
  "ban",
  "unban",
  "timeout",
  "untimeout",
  "add_moderator",
  "remove_moderator",
  "delete_message",
  "clear_chat",
  "update_settings",
] as const;
export type ModerationActionKind = (typeof MODERATION_ACTIONS)[number];

/** The longest timed ban (a year) and timeout (two weeks, as Twitch). */
export const MAX_BAN_MINUTES = 525_600;
export const MAX_TIMEOUT_SECONDS = 1_209_600;
export const MAX_SLOW_MODE_SECONDS = 3_600;
export const MAX_FOLLOW_AGE_MINUTES = 129_600; // 90 days
export const MAX_BANNED_WORDS = 500;

const reason = z.string().trim().max(500).describe("Why: shown to moderators in the log, and to the user");
const bannedWord = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/[\p{L}\p{N}]/u, "must contain a letter or digit")
  .describe("A word or phrase, matched whole after normalising case, accents, look-alike characters, zero-width characters and spacing; `*` at its end matches any ending");

/**
 * A channel's chat rules. Chat modes (slow mode, followers-, subscribers- and emote-only) can be switched by
 * every moderator; the word list, link blocking and auto-moderation by the owner and lead moderators.
 */
export const chatModes = z.object({
  slowMode: z.number().int().min(0).max(MAX_SLOW_MODE_SECONDS).describe("Seconds a viewer waits between messages; 0 is off. Moderators are exempt"),
  followersOnly: z.boolean(),
  followersMinAgeMinutes: z.number().int().min(0).max(MAX_FOLLOW_AGE_MINUTES).describe("With followersOnly: how long a viewer must have followed"),
  subscribersOnly: z.boolean(),
  emoteOnly: z.boolean(),
});
export const filterSettings = z.object({
  autoModeration: z.boolean().describe("Refuse excessive caps, emoji floods and repeated messages"),
  blockLinks: z.boolean().describe("Refuse messages with links (moderators exempt)"),
  bannedWords: z.array(bannedWord).max(MAX_BANNED_WORDS),
});
export const moderationSettings = chatModes.extend(filterSettings.shape);
/** The PATCH body (and the stream PATCH's `moderation`): any subset. */
export const moderationSettingsInput = moderationSettings.partial().strict().refine((v) => Object.keys(v).length > 0, "send at least one field").meta({ minProperties: 1 });
export const chatModesInput = chatModes.partial().strict().refine((v) => Object.keys(v).length > 0, "send at least one field").meta({ minProperties: 1 });

const userRef = z.object({ id: z.string(), username: z.string(), displayName: z.string() });

/** REST bodies. */
export const banInput = z.object({ userId: objectId, reason: reason.optional(), durationMinutes: z.number().int().min(1).max(MAX_BAN_MINUTES).optional() }).strict();
export const timeoutInput = z
  .object({ userId: objectId, durationSeconds: z.number().int().min(1).max(MAX_TIMEOUT_SECONDS).default(600), reason: reason.optional() })
  .strict();
export const addModeratorInput = z
  .object({
    userId: objectId.optional(),
    username: trimmedText(40, { required: true }).optional().describe("Instead of userId"),
    level: z.enum(MODERATOR_LEVELS).default("moderator"),
  })
  .strict()
  .refine((v) => Boolean(v.userId) !== Boolean(v.username), "send userId or username")
  .meta({ oneOf: [{ required: ["userId"] }, { required: ["username"] }] });
export const targetParams = z.object({ id: objectId, userId: objectId });
export const logQuery = z.object({ before: objectId.optional(), limit: z.coerce.number().int().min(1).max(100).default(50) }).strict();

/** Socket payloads: the REST bodies with the stream id. */
const withStream = { streamId: objectId };
export const banUserEvent = z.object({ ...withStream, userId: objectId, reason: reason.optional(), durationMinutes: z.number().int().min(1).max(MAX_BAN_MINUTES).optional() }).strict();
export const timeoutUserEvent = z
  .object({ ...withStream, userId: objectId, durationSeconds: z.number().int().min(1).max(MAX_TIMEOUT_SECONDS).default(600), reason: reason.optional() })
  .strict();
export const targetEvent = z.object({ ...withStream, userId: objectId }).strict();
export const addModeratorEvent = z.object({ ...withStream, userId: objectId, level: z.enum(MODERATOR_LEVELS).default("moderator") }).strict();
export const slowModeEvent = z.object({ ...withStream, seconds: z.number().int().min(0).max(MAX_SLOW_MODE_SECONDS) }).strict();
export const chatModeEvent = z
  .object({ ...withStream, ...chatModes.partial().shape })
  .strict()
  .refine((v) => Object.keys(v).length > 1, "send at least one mode");

/** Views. */
export const moderatorView = z.object({ user: userRef, level: z.enum(MODERATOR_LEVELS), addedBy: z.string().nullable(), addedAt: z.string() });
export const moderatorList = z.object({ moderators: z.array(moderatorView) });
export const banView = z.object({ user: userRef, reason: z.string(), expiresAt: z.string().nullable(), bannedBy: z.string().nullable(), createdAt: z.string() });
export const banList = z.object({ bans: z.array(banView) });
export const timeoutView = z.object({ user: userRef, reason: z.string(), until: z.string(), by: z.string().nullable(), createdAt: z.string() });
export const timeoutList = z.object({ timeouts: z.array(timeoutView) });
export const banResult = z.object({ banned: z.boolean(), userId: z.string(), expiresAt: z.string().nullable() });
export const timeoutResult = z.object({ timedOut: z.boolean(), userId: z.string(), until: z.string().nullable() });
export const moderatorResult = z.object({ moderator: z.boolean(), userId: z.string(), level: z.enum(MODERATOR_LEVELS).nullable() });
export const clearChatResult = z.object({ cleared: z.literal(true) });
export const logEntryView = z.object({
  id: z.string(),
  action: z.enum(MODERATION_ACTIONS),
  actor: z.object({ id: z.string(), username: z.string() }),
  target: z.object({ id: z.string(), username: z.string() }).nullable(),
  reason: z.string(),
  details: z.record(z.string(), z.unknown()),
  streamId: z.string().nullable(),
  createdAt: z.string(),
});
export const logPage = z.object({ entries: z.array(logEntryView), nextBefore: z.string().nullable() });
/** A user as moderators see them from a chat line: role and standing in the channel. */
export const userCard = z.object({
  user: userRef.extend({ avatarUrl: z.string().nullable(), createdAt: z.string() }),
  role: z.string(),
  moderatorLevel: z.enum(MODERATOR_LEVELS).nullable(),
  followedAt: z.string().nullable(),
  ban: z.object({ reason: z.string(), expiresAt: z.string().nullable() }).nullable(),
  timeout: z.object({ reason: z.string(), until: z.string() }).nullable(),
});

/** Events to the stream's room (`stream:<id>`). */
export const userBannedEvent = z.object({ streamId: z.string(), user: userRef, reason: z.string(), expiresAt: z.string().nullable(), by: z.string() });
export const userUnbannedEvent = z.object({ streamId: z.string(), userId: z.string() });
export const userTimedOutEvent = z.object({ streamId: z.string(), user: userRef, reason: z.string(), until: z.string(), by: z.string() });
export const timeoutLiftedEvent = z.object({ streamId: z.string(), userId: z.string() });
export const moderatorChangedEvent = z.object({ streamId: z.string(), user: userRef, level: z.enum(MODERATOR_LEVELS).nullable() });
export const chatSettingsEvent = z.object({ streamId: z.string(), settings: chatModes.extend({ blockLinks: z.boolean() }) });
export const chatClearedEvent = z.object({ streamId: z.string(), by: z.string() });
/** A banned or timed-out user's messages leave every viewer's chat. */
export const userMessagesClearedEvent = z.object({ streamId: z.string(), userId: z.string() });
/** To `user:<id>` only: the user's own standing changed (timed out, banned, made moderator). */
export const timedOutNotice = z.object({ streamId: z.string(), until: z.string(), reason: z.string() });

export type ModerationSettings = z.infer<typeof moderationSettings>;
export type ModerationSettingsInput = z.infer<typeof moderationSettingsInput>;
export type ChatModes = z.infer<typeof chatModes>;
/** What every viewer may know of the rules: not the word list. */
export type PublicChatSettings = z.infer<typeof chatSettingsEvent>["settings"];
export type BanInput = z.infer<typeof banInput>;
export type TimeoutInput = z.input<typeof timeoutInput>;
export type AddModeratorInput = z.input<typeof addModeratorInput>;
export type ModeratorView = z.infer<typeof moderatorView>;
export type ModeratorList = z.infer<typeof moderatorList>;
export type BanView = z.infer<typeof banView>;
export type BanList = z.infer<typeof banList>;
export type TimeoutView = z.infer<typeof timeoutView>;
export type TimeoutList = z.infer<typeof timeoutList>;
export type BanResult = z.infer<typeof banResult>;
export type TimeoutResult = z.infer<typeof timeoutResult>;
export type ModeratorResult = z.infer<typeof moderatorResult>;
export type ClearChatResult = z.infer<typeof clearChatResult>;
export type LogEntryView = z.infer<typeof logEntryView>;
export type LogPage = z.infer<typeof logPage>;
export type LogQuery = z.input<typeof logQuery>;
export type UserCard = z.infer<typeof userCard>;
export type UserBannedEvent = z.infer<typeof userBannedEvent>;
export type UserUnbannedEvent = z.infer<typeof userUnbannedEvent>;
export type UserTimedOutEvent = z.infer<typeof userTimedOutEvent>;
export type TimeoutLiftedEvent = z.infer<typeof timeoutLiftedEvent>;
export type ModeratorChangedEvent = z.infer<typeof moderatorChangedEvent>;
export type ChatSettingsEvent = z.infer<typeof chatSettingsEvent>;
export type ChatClearedEvent = z.infer<typeof chatClearedEvent>;
export type UserMessagesClearedEvent = z.infer<typeof userMessagesClearedEvent>;
export type TimedOutNotice = z.infer<typeof timedOutNotice>;
