import type { ErrorCode } from "@/lib/errors";
import type { StreamType } from "@/lib/streams/status";

/** What an actor may ask to do on a stream. */
export const ACTIONS = [
  /** Watch the media, join the live room, read the chat. */
  "stream.watch",
  /** Edit, schedule, pause, end, delete, see or rotate the key, open the studio. */
  "stream.manage",
  /** Go live (start the stream): managing it, with a confirmed email address. */
  "stream.golive",
  /** Publish media into the stream's room. */
  "media.publish",
  /** Send chat messages. */
  "chat.send",
  /** Send stream reactions and react to messages. */
  "chat.react",
  /** Delete other people's messages, clear the chat, switch slow mode and chat modes. */
  "chat.moderate",
  /** Ban, unban, time out and lift timeouts (of people the actor outranks). */
  "channel.ban",
  /** See the channel's moderators, bans, timeouts, word list, user cards and moderation log. */
  "moderation.view",
  /** Appoint and remove (plain) moderators: the owner and lead moderators. */
  "channel.moderators",
  /** Appoint and remove lead moderators: the owner. */
  "channel.leads",
  /** Edit the word list, link blocking and auto-moderation: the owner and lead moderators. */
  "channel.settings",
  /** See the stream's and channel's analytics (audience, engagement, revenue, quality): the owner and lead moderators. */
  "analytics.view",
  /** Run the stage: invite guests, accept or decline raised hands, set guests' permissions, mute or remove them, pick the layout: the owner and co-hosts. */
  "guests.manage",
  /** Invite, change or remove co-hosts: the owner. */
  "cohosts.manage",
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * What is true of the actor in the stream's channel. `owner` is the channel's owner (the stream's host);
 * `guest` is someone the host brought on stream (on stage in this stream: a guest or a co-host); `cohost`
 * a guest who helps run the stage; `moderatesChat` a co-host the host let moderate the chat. The others say
 * what their names say.
 */
export type Facts = {
  signedIn: boolean;
  /** The account's email address is confirmed. */
  verified: boolean;
  owner: boolean;
  admin: boolean;
  moderator: boolean;
  /** A lead moderator (moderator is true too). */
  lead: boolean;
  guest: boolean;
  cohost: boolean;
  moderatesChat: boolean;
  banned: boolean;
  follower: boolean;
  subscriber: boolean;
  ticket: boolean;
  /** When the actor started following the channel (ms since the epoch), if they follow. */
  followedAt: number | null;
  /** Until when the actor is timed out of the channel's chat (ms since the epoch), if they are. */
  timeoutUntil: number | null;
};

export const NO_FACTS: Facts = {
  signedIn: false,
  verified: false,
  owner: false,
  admin: false,
  moderator: false,
  lead: false,
  guest: false,
  cohost: false,
  moderatesChat: false,
  banned: false,
  follower: false,
  subscriber: false,
  ticket: false,
  followedAt: null,
  timeoutUntil: null,
};

/** The one label a person has in a channel, highest first (a subscriber who also follows is a subscriber). */
export const ROLES = ["owner", "cohost", "lead_moderator", "moderator", "guest", "banned", "subscriber", "ticket_holder", "follower", "viewer", "anonymous"] as const;
export type Role = (typeof ROLES)[number];

export function roleOf(f: Facts): Role {
  if (f.owner) return "owner";
  if (f.banned) return "banned";
  if (f.cohost) return "cohost";
  if (f.moderator) return f.lead ? "lead_moderator" : "moderator";
  if (f.guest) return "guest";
  if (!f.signedIn) return "anonymous";
  if (f.subscriber) return "subscriber";
  if (f.ticket) return "ticket_holder";
  if (f.follower) return "follower";
  return "viewer";
}

/** The channel's chat modes that say who may speak, as chat.send needs them (emote-only says what: lib/moderation). */
export type ChatGate = { followersOnly: boolean; followersMinAgeMinutes: number; subscribersOnly: boolean };

export type Gate = { streamType: StreamType; ticketPrice?: number | null; currency?: string | null; chat?: ChatGate };

/**
 * Rank in a channel: a lower rank never acts on a higher or equal one (a moderator cannot ban a moderator;
 * a lead moderator can). Banned staff rank as viewers.
 */
/** A co-host the host let moderate the chat: a moderator of this stream's chat while on stage (not banned). */
const chatCohost = (f: Facts) => f.cohost && f.moderatesChat && !f.banned;

export function rankOf(f: Facts): number {
  if (f.owner) return 4;
  if (f.banned) return 1;
  if (f.lead) return 3;
  if (f.moderator || chatCohost(f)) return 2;
  return 1;
}

/** Whether someone with `actor` facts may act on someone with `target` facts (ban, time out, delete, demote). */
export function outranks(actor: Facts, target: Facts): boolean {
  return rankOf(actor) > rankOf(target);
}
export type Denial = { code: ErrorCode; message: string; details?: unknown };

const deny = (code: ErrorCode, message: string, details?: unknown): Denial => ({ code, message, ...(details === undefined ? {} : { details }) });

/** The audience rule: the owner always; banned users never; staff and guests always; else the stream type. */
function watch(f: Facts, s: Gate): Denial | null {
  if (f.owner) return null;
  if (f.banned) return deny("BANNED", "You are banned from this channel");
  if (f.moderator || f.guest) return null;
  if (s.streamType === "public" || s.streamType === "unlisted") return null;
  if (!f.signedIn) return deny("UNAUTHENTICATED", "Log in to watch this stream");
  if (s.streamType === "followers_only" && !f.follower) return deny("FOLLOWERS_ONLY", "This stream is for followers only");
  if (s.streamType === "subscribers_only" && !f.subscriber) return deny("SUBSCRIBERS_ONLY", "This stream is for subscribers only");
  if (s.streamType === "paid" && !f.ticket) return deny("TICKET_REQUIRED", "This stream needs a ticket", { ticketPrice: s.ticketPrice, currency: s.currency });
  return null;
}

const signIn = (f: Facts) => (f.signedIn ? null : deny("UNAUTHENTICATED", "Sign in to do this"));

const isStaff = (f: Facts) => f.owner || (f.moderator && !f.banned) || chatCohost(f);
/** On stage (a guest or co-host) and not banned: their media grants come from their guest row (lib/guests). */
const onStage = (f: Facts) => f.guest && !f.banned;
const isLead = (f: Facts) => f.owner || (f.lead && !f.banned);

/**
 * Timeouts and the chat modes, on top of watching: a timed-out user waits, moderators too (only someone
 * who outranks them can time them out: a lead, the owner); staff are exempt from the modes; followers-only
 * asks a follow at least the minimum age old; subscribers-only a subscription.
 */
function chatModes(f: Facts, s: Gate, now: number): Denial | null {
  if (!f.owner && f.timeoutUntil !== null && f.timeoutUntil > now) return deny("TIMED_OUT", "You are timed out of this chat", { until: new Date(f.timeoutUntil).toISOString() });
  if (isStaff(f)) return null;
  const c = s.chat;
  if (!c) return null;
  if (c.subscribersOnly && !f.subscriber) return deny("SUBSCRIBERS_ONLY", "The chat is in subscribers-only mode");
  if (c.followersOnly && !f.subscriber) {
    if (f.followedAt === null) return deny("FOLLOWERS_ONLY", "The chat is in followers-only mode: follow the channel to chat", { minAgeMinutes: c.followersMinAgeMinutes });
    const waitMs = f.followedAt + c.followersMinAgeMinutes * 60_000 - now;
    if (waitMs > 0) return deny("FOLLOWERS_ONLY", `The chat is for people who have followed for ${c.followersMinAgeMinutes} minutes`, { minAgeMinutes: c.followersMinAgeMinutes, retryAfterSeconds: Math.ceil(waitMs / 1000) });
  }
  return null;
}

const manage = (f: Facts, _s: Gate) => signIn(f) ?? (f.owner ? null : deny("FORBIDDEN", "Only the host can change this stream"));

const RULES: Record<Action, (f: Facts, s: Gate, now: number) => Denial | null> = {
  "stream.watch": watch,
  "stream.manage": manage,
  // Unverified accounts watch and chat; going on air waits for a confirmed address (one per person to ban).
  "stream.golive": (f, s) => manage(f, s) ?? (f.verified ? null : deny("EMAIL_NOT_VERIFIED", "Confirm your email address to go live: open the link we sent you, or send a new one from your dashboard")),
  "media.publish": (f) => signIn(f) ?? (f.owner || onStage(f) ? null : deny("FORBIDDEN", "Only the host and their guests can publish to this stream")),
  "chat.send": (f, s, now) => signIn(f) ?? watch(f, s) ?? chatModes(f, s, now),
  "chat.react": (f, s) => signIn(f) ?? watch(f, s),
  "chat.moderate": (f) => signIn(f) ?? (isStaff(f) || f.admin ? null : deny("FORBIDDEN", "Only the host or a moderator can moderate this chat")),
  "channel.ban": (f) => signIn(f) ?? (isStaff(f) ? null : deny("FORBIDDEN", "Only the host or a moderator can ban")),
  "moderation.view": (f) => signIn(f) ?? (isStaff(f) ? null : deny("FORBIDDEN", "Only the host and moderators can see this")),
  "channel.moderators": (f) => signIn(f) ?? (isLead(f) ? null : deny("FORBIDDEN", "Only the host or a lead moderator can appoint moderators")),
  "channel.leads": (f) => signIn(f) ?? (f.owner ? null : deny("FORBIDDEN", "Only the host can appoint lead moderators")),
  "channel.settings": (f) => signIn(f) ?? (isLead(f) ? null : deny("FORBIDDEN", "Only the host or a lead moderator can change the chat filters")),
  "analytics.view": (f) => signIn(f) ?? (isLead(f) ? null : deny("FORBIDDEN", "Only the host or a lead moderator can see this stream's analytics")),
  "guests.manage": (f) => signIn(f) ?? (f.owner || (f.cohost && onStage(f)) ? null : deny("FORBIDDEN", "Only the host or a co-host can manage guests")),
  "cohosts.manage": (f) => signIn(f) ?? (f.owner ? null : deny("FORBIDDEN", "Only the host can manage co-hosts")),
};

/** Whether the facts allow the action: null, or the denial with the code and message the caller sees. */
export function decide(action: Action, facts: Facts, stream: Gate, now = Date.now()): Denial | null {
  return RULES[action](facts, stream, now);
}

/** Which facts beyond identity an action needs; actions that need none cost no database read. */
export function needsMembership(action: Action): boolean {
  return action !== "stream.manage" && action !== "stream.golive" && action !== "cohosts.manage";
}
