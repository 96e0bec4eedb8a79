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
  /** Delete other people's messages. */
  "chat.moderate",
  /** Ban and unban users from the channel. */
  "channel.ban",
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * What is true of the actor in the stream's channel. `owner` is the channel's owner (the stream's host);
 * `guest` is someone the host brought on stream (co-hosting); the others say what their names say.
 */
export type Facts = {
  signedIn: boolean;
  /** The account's email address is confirmed. */
  verified: boolean;
  owner: boolean;
  admin: boolean;
  moderator: boolean;
  guest: boolean;
  banned: boolean;
  follower: boolean;
  subscriber: boolean;
  ticket: boolean;
};

export const NO_FACTS: Facts = { signedIn: false, verified: false, owner: false, admin: false, moderator: false, guest: false, banned: false, follower: false, subscriber: false, ticket: false };

/** The one label a person has in a channel, highest first (a subscriber who also follows is a subscriber). */
export const ROLES = ["owner", "moderator", "guest", "banned", "subscriber", "ticket_holder", "follower", "viewer", "anonymous"] as const;
export type Role = (typeof ROLES)[number];

export function roleOf(f: Facts): Role {
  if (f.owner) return "owner";
  if (f.banned) return "banned";
  if (f.moderator) return "moderator";
  if (f.guest) return "guest";
  if (!f.signedIn) return "anonymous";
  if (f.subscriber) return "subscriber";
  if (f.ticket) return "ticket_holder";
  if (f.follower) return "follower";
  return "viewer";
}

export type Gate = { streamType: StreamType; ticketPrice?: number | null; currency?: string | null };
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

const manage = (f: Facts, _s: Gate) => signIn(f) ?? (f.owner ? null : deny("FORBIDDEN", "Only the host can change this stream"));

const RULES: Record<Action, (f: Facts, s: Gate) => Denial | null> = {
  "stream.watch": watch,
  "stream.manage": manage,
  // Unverified accounts watch and chat; going on air waits for a confirmed address (one per person to ban).
  "stream.golive": (f, s) => manage(f, s) ?? (f.verified ? null : deny("EMAIL_NOT_VERIFIED", "Confirm your email address to go live: open the link we sent you, or send a new one from your dashboard")),
  "media.publish": (f) => signIn(f) ?? (f.owner ? null : deny("FORBIDDEN", "Only the host can publish to this stream")),
  "chat.send": (f, s) => signIn(f) ?? watch(f, s),
  "chat.react": (f, s) => signIn(f) ?? watch(f, s),
  "chat.moderate": (f) => signIn(f) ?? (f.owner || f.admin || (f.moderator && !f.banned) ? null : deny("FORBIDDEN", "You cannot delete this message")),
  "channel.ban": (f) => signIn(f) ?? (f.owner || (f.moderator && !f.banned) ? null : deny("FORBIDDEN", "Only the host or a moderator can ban")),
};

/** Whether the facts allow the action: null, or the denial with the code and message the caller sees. */
export function decide(action: Action, facts: Facts, stream: Gate): Denial | null {
  return RULES[action](facts, stream);
}

/** Which facts beyond identity an action needs; actions that need none cost no database read. */
export function needsMembership(action: Action): boolean {
  return action !== "stream.manage" && action !== "stream.golive" && action !== "media.publish";
}
