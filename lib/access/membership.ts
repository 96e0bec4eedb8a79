import { LRUCache } from "lru-cache";
import { connectDb } from "@/lib/db/connection";
import { BanModel, ModeratorModel, SubscriptionModel, TicketModel, type BanDoc } from "@/lib/db/models/access.model";
import { FollowModel, type FollowDoc } from "@/lib/db/models/follow.model";
import { ChatTimeoutModel, type ChatTimeoutDoc } from "@/lib/db/models/moderation.model";
import { clock } from "@/lib/clock";
import { changes } from "@/lib/events";
import { processSingleton } from "@/lib/singleton";
import type { Facts } from "@/lib/access/policy";
import type { StreamSnapshot } from "@/lib/access/stream-snapshot";

export type Membership = Pick<Facts, "banned" | "moderator" | "lead" | "guest" | "follower" | "subscriber" | "ticket" | "followedAt" | "timeoutUntil">;

const TTL_MS = 10_000;

/**
 * A signed-in user's standing in a stream's channel, kept ten seconds per (user, stream, stream type) in
 * this process: the chat hot path asks for every message. Any change to the user's standing (follow, ban,
 * role, subscription, ticket) evicts their entries at once.
 */
const memberships = processSingleton("access.memberships", () => {
  const cache = new LRUCache<string, Membership>({ max: 50_000, ttl: TTL_MS, perf: clock });
  changes.on("membership.changed", ({ userId }) => {
    const prefix = `${userId}:`;
    for (const key of cache.keys()) if (key.startsWith(prefix)) cache.delete(key);
  });
  return cache;
});

/** Whether a ban holds at `now`, and for how long more. */
export function activeBan(ban: Pick<BanDoc, "expiresAt"> | null, now: number): { banned: boolean; msLeft: number } {
  if (!ban) return { banned: false, msLeft: Infinity };
  if (!ban.expiresAt) return { banned: true, msLeft: Infinity };
  const msLeft = ban.expiresAt.getTime() - now;
  return { banned: msLeft > 0, msLeft };
}

/**
 * Reads the user's standing in the channel in parallel: one round trip per cache miss. Follows and
 * subscriptions are read whatever the stream's type, because the chat modes (followers-only with a minimum
 * age, subscribers-only) ask about them too; a ticket only for a paid stream.
 */
async function load(userId: string, s: StreamSnapshot): Promise<{ membership: Membership; ttl: number }> {
  await connectDb();
  const now = clock.now();
  const [ban, timeout, moderator, follow, subscriber, ticket] = await Promise.all([
    BanModel.findOne({ host: s.hostId, user: userId }, { expiresAt: 1 }).lean<Pick<BanDoc, "expiresAt">>(),
    ChatTimeoutModel.findOne({ channel: s.hostId, user: userId }, { until: 1 }).lean<Pick<ChatTimeoutDoc, "until">>(),
    ModeratorModel.findOne({ channel: s.hostId, user: userId }, { level: 1 }).lean<{ level?: string }>(),
    FollowModel.findOne({ follower: userId, followee: s.hostId }, { createdAt: 1 }).lean<Pick<FollowDoc, "createdAt">>(),
    SubscriptionModel.exists({ subscriber: userId, creator: s.hostId, status: "active", currentPeriodEnd: { $gt: new Date(now) } }),
    s.streamType === "paid" ? TicketModel.exists({ stream: s.id, user: userId, status: "paid" }) : null,
  ]);
  const b = activeBan(ban, now);
  const timeoutUntil = timeout && timeout.until.getTime() > now ? timeout.until.getTime() : null;
  const membership: Membership = {
    banned: b.banned,
    moderator: Boolean(moderator),
    lead: moderator?.level === "lead",
    // Guests arrive with co-hosting; until then nobody is one.
    guest: false,
    follower: Boolean(follow),
    followedAt: follow?.createdAt ? follow.createdAt.getTime() : null,
    subscriber: Boolean(subscriber),
    ticket: Boolean(ticket),
    timeoutUntil,
  };
  // A timed ban or a timeout is forgotten when it lapses, not up to ten seconds later.
  const lapse = Math.min(b.banned ? b.msLeft : Infinity, timeoutUntil !== null ? timeoutUntil - now : Infinity);
  return { membership, ttl: Math.max(1, Math.min(TTL_MS, lapse)) };
}

export async function membershipOf(userId: string, s: StreamSnapshot): Promise<Membership> {
  const key = `${userId}:${s.id}:${s.streamType}`;
  const hit = memberships.get(key);
  if (hit) return hit;
  const { membership, ttl } = await load(userId, s);
  memberships.set(key, membership, { ttl });
  return membership;
}
