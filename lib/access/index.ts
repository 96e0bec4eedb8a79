import "server-only";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/accounts/authenticate";
import { ACTIONS, decide, needsMembership, NO_FACTS, outranks, roleOf, type Action, type Denial, type Facts, type Gate, type Role } from "@/lib/access/policy";
import { membershipOf } from "@/lib/access/membership";
import { channelRules } from "@/lib/access/channel-rules";
import { clock } from "@/lib/clock";
import type { AccessView } from "@/lib/access/schemas";
import { streamSnapshot, snapshotOf, type StreamSnapshot } from "@/lib/access/stream-snapshot";

/**
 * The one answer to "may this actor do this here". REST routes, socket handlers, pages and the media token
 * path ask it; nothing else compares a user with a stream's host. A stream is given as its snapshot (when
 * the caller already read the stream) or its id (read through the snapshot cache).
 */
export { ACTIONS, channelRules, snapshotOf, streamSnapshot };
export type { Action, Role, StreamSnapshot };

type StreamArg = StreamSnapshot | string;

const resolve = (s: StreamArg) => (typeof s === "string" ? streamSnapshot(s) : Promise.resolve(s));

async function factsOf(actor: Actor | null, s: StreamSnapshot, withMembership: boolean): Promise<Facts> {
  if (!actor) return NO_FACTS;
  const base: Facts = { ...NO_FACTS, signedIn: true, verified: actor.verified === true, owner: isChannelOwner(actor.id, s), admin: actor.role === "admin" };
  if (base.owner || !withMembership) return base;
  return { ...base, ...(await membershipOf(actor.id, s)) };
}

/** The stream with its channel's chat modes, which only sending a message asks about. */
async function gateOf(s: StreamSnapshot, withChat: boolean): Promise<Gate> {
  if (!withChat) return s;
  const r = await channelRules(s.hostId);
  return { ...s, chat: { followersOnly: r.followersOnly, followersMinAgeMinutes: r.followersMinAgeMinutes, subscribersOnly: r.subscribersOnly } };
}

async function denialOf(actor: Actor | null, action: Action, stream: StreamArg): Promise<Denial | null> {
  const s = await resolve(stream);
  const [facts, gate] = await Promise.all([factsOf(actor, s, needsMembership(action)), gateOf(s, action === "chat.send")]);
  return decide(action, facts, gate, clock.now());
}

/** Whether the actor may do it. */
export async function can(actor: Actor | null, action: Action, stream: StreamArg): Promise<boolean> {
  return (await denialOf(actor, action, stream)) === null;
}

/** Throws the denial (BANNED, FOLLOWERS_ONLY, FORBIDDEN, ...) as an AppError when the actor may not. */
export async function assertCan(actor: Actor | null, action: Action, stream: StreamArg): Promise<void> {
  const d = await denialOf(actor, action, stream);
  if (d) throw new AppError(d.code, d.message, { details: d.details });
}

export type Access = AccessView;

/** The actor's role in the stream's channel and every action's answer, from one read (for UIs and join acks). */
export async function accessOf(actor: Actor | null, stream: StreamArg): Promise<Access> {
  const s = await resolve(stream);
  const [facts, gate] = await Promise.all([factsOf(actor, s, true), gateOf(s, true)]);
  const now = clock.now();
  const permissions = Object.fromEntries(ACTIONS.map((a) => [a, decide(a, facts, gate, now) === null])) as Record<Action, boolean>;
  return { role: roleOf(facts), permissions, timeoutUntil: facts.timeoutUntil !== null && facts.timeoutUntil > now ? new Date(facts.timeoutUntil).toISOString() : null };
}

/**
 * Everything sending a chat message asks of access, from one read of the actor's facts and the channel's
 * gate (the hot path asked three times before: chat.send, the badge, the staff exemption): throws the
 * chat.send denial, else answers the badge's role and whether the sender is staff (chat.moderate), whom slow
 * mode and the filters leave alone.
 */
export async function assertCanChat(actor: Actor, stream: StreamArg): Promise<{ role: Role; staff: boolean }> {
  const s = await resolve(stream);
  const [facts, gate] = await Promise.all([factsOf(actor, s, true), gateOf(s, true)]);
  const now = clock.now();
  const d = decide("chat.send", facts, gate, now);
  if (d) throw new AppError(d.code, d.message, { details: d.details });
  return { role: roleOf(facts), staff: decide("chat.moderate", facts, gate, now) === null };
}

/** The actor's role in the stream's channel (cached standing): the badge beside their chat lines. */
export async function roleIn(actor: Actor, stream: StreamArg): Promise<Role> {
  return roleOf(await factsOf(actor, await resolve(stream), true));
}

/** A user's facts in the channel as others see them (for rank checks and user cards). */
async function factsOfUser(userId: string, s: StreamSnapshot): Promise<Facts> {
  const base: Facts = { ...NO_FACTS, signedIn: true, owner: isChannelOwner(userId, s) };
  return base.owner ? base : { ...base, ...(await membershipOf(userId, s)) };
}

/**
 * The action, on a person: the actor may do it here, and outranks the target (owner > lead moderator >
 * moderator > everyone else), so a moderator never bans, times out or demotes a moderator or the owner.
 * Acting on oneself is refused.
 */
export async function assertCanActOn(actor: Actor | null, action: Action, stream: StreamArg, targetUserId: string): Promise<void> {
  const s = await resolve(stream);
  await assertCan(actor, action, s);
  if (actor?.id === targetUserId) throw new AppError("UNPROCESSABLE", "You cannot do this to yourself");
  const [mine, theirs] = await Promise.all([factsOf(actor, s, true), factsOfUser(targetUserId, s)]);
  if (!outranks(mine, theirs)) throw new AppError("FORBIDDEN", theirs.owner ? "Nobody can do this to the channel's owner" : "You cannot do this to someone of your rank or higher");
}

/** A user's role in the channel and standing (for moderators' user cards). */
export async function standingOf(userId: string, stream: StreamArg): Promise<{ role: Role; followedAt: number | null; timeoutUntil: number | null; lead: boolean; moderator: boolean }> {
  const s = await resolve(stream);
  const f = await factsOfUser(userId, s);
  return { role: roleOf(f), followedAt: f.followedAt, timeoutUntil: f.timeoutUntil !== null && f.timeoutUntil > clock.now() ? f.timeoutUntil : null, lead: f.lead, moderator: f.moderator };
}

/** Whether a user id (or a media identity) is the channel owner's: webhooks tell the host apart from viewers with it. */
export function isChannelOwner(userId: string | null | undefined, stream: { hostId: string }): boolean {
  return Boolean(userId) && userId === stream.hostId;
}

/** Whether the actor may read the system's operational details (health latencies, errors, memory): administrators. */
export function canReadSystemDetails(actor: Actor | null): boolean {
  return actor?.role === "admin";
}
