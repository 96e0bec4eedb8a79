import "server-only";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/accounts/authenticate";
import { ACTIONS, decide, needsMembership, NO_FACTS, roleOf, type Action, type Denial, type Facts, type Role } from "@/lib/access/policy";
import { membershipOf } from "@/lib/access/membership";
import type { AccessView } from "@/lib/access/schemas";
import { streamSnapshot, snapshotOf, type StreamSnapshot } from "@/lib/access/stream-snapshot";

/**
 * The one answer to "may this actor do this here". REST routes, socket handlers, pages and the media token
 * path ask it; nothing else compares a user with a stream's host. A stream is given as its snapshot (when
 * the caller already read the stream) or its id (read through the snapshot cache).
 */
export { ACTIONS, snapshotOf, streamSnapshot };
export type { Action, Role, StreamSnapshot };

type StreamArg = StreamSnapshot | string;

const resolve = (s: StreamArg) => (typeof s === "string" ? streamSnapshot(s) : Promise.resolve(s));

async function factsOf(actor: Actor | null, s: StreamSnapshot, withMembership: boolean): Promise<Facts> {
  if (!actor) return NO_FACTS;
  const base: Facts = { ...NO_FACTS, signedIn: true, verified: actor.verified === true, owner: isChannelOwner(actor.id, s), admin: actor.role === "admin" };
  if (base.owner || !withMembership) return base;
  return { ...base, ...(await membershipOf(actor.id, s)) };
}

async function denialOf(actor: Actor | null, action: Action, stream: StreamArg): Promise<Denial | null> {
  const s = await resolve(stream);
  return decide(action, await factsOf(actor, s, needsMembership(action)), s);
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
  const facts = await factsOf(actor, s, true);
  const permissions = Object.fromEntries(ACTIONS.map((a) => [a, decide(a, facts, s) === null])) as Record<Action, boolean>;
  return { role: roleOf(facts), permissions };
}

/** Whether a user id (or a media identity) is the channel owner's: webhooks tell the host apart from viewers with it. */
export function isChannelOwner(userId: string | null | undefined, stream: { hostId: string }): boolean {
  return Boolean(userId) && userId === stream.hostId;
}

/** Whether the actor may read the system's operational details (health latencies, errors, memory): administrators. */
export function canReadSystemDetails(actor: Actor | null): boolean {
  return actor?.role === "admin";
}
