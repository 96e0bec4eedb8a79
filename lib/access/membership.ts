import { LRUCache } from "lru-cache";
import { connectDb } from "@/lib/db/connection";
import { BanModel, ModeratorModel, SubscriptionModel, TicketModel, type BanDoc } from "@/lib/db/models/access.model";
import { FollowModel } from "@/lib/db/models/follow.model";
import { changes } from "@/lib/events";
import { processSingleton } from "@/lib/singleton";
import type { Facts } from "@/lib/access/policy";
import type { StreamSnapshot } from "@/lib/access/stream-snapshot";

export type Membership = Pick<Facts, "banned" | "moderator" | "guest" | "follower" | "subscriber" | "ticket">;

const TTL_MS = 10_000;

/**
 * A signed-in user's standing in a stream's channel, kept ten seconds per (user, stream, stream type) in
 * this process: the chat hot path asks for every message. Any change to the user's standing (follow, ban,
 * role, subscription, ticket) evicts their entries at once.
 */
const memberships = processSingleton("access.memberships", () => {
  const cache = new LRUCache<string, Membership>({ max: 50_000, ttl: TTL_MS });
  changes.on("membership.changed", ({ userId }) => {
    const prefix = `${userId}:`;
    for (const key of cache.keys()) if (key.startsWith(prefix)) cache.delete(key);
  });
  return cache;
});

function activeBan(ban: Pick<BanDoc, "expiresAt"> | null): { banned: boolean; msLeft: number } {
  if (!ban) return { banned: false, msLeft: Infinity };
  if (!ban.expiresAt) return { banned: true, msLeft: Infinity };
  const msLeft = ban.expiresAt.getTime() - Date.now();
  return { banned: msLeft > 0, msLeft };
}

/** Reads only what the stream's type can ask about, in parallel: one round trip per cache miss. */
async function load(userId: string, s: StreamSnapshot): Promise<{ membership: Membership; ttl: number }> {
  await connectDb();
  const [ban, moderator, follower, subscriber, ticket] = await Promise.all([
    BanModel.findOne({ host: s.hostId, user: userId }, { expiresAt: 1 }).lean<Pick<BanDoc, "expiresAt">>(),
    ModeratorModel.exists({ channel: s.hostId, user: userId }),
    s.streamType === "followers_only" ? FollowModel.exists({ follower: userId, followee: s.hostId }) : null,
    s.streamType === "subscribers_only" ? SubscriptionModel.exists({ subscriber: userId, creator: s.hostId, status: "active", currentPeriodEnd: { $gt: new Date() } }) : null,
    s.streamType === "paid" ? TicketModel.exists({ stream: s.id, user: userId, status: "paid" }) : null,
  ]);
  const b = activeBan(ban);
  // Guests arrive with co-hosting; until then nobody is one.
  const membership: Membership = { banned: b.banned, moderator: Boolean(moderator), guest: false, follower: Boolean(follower), subscriber: Boolean(subscriber), ticket: Boolean(ticket) };
  // A timed ban is forgotten when it lapses, not up to ten seconds later.
  return { membership, ttl: b.banned ? Math.max(1, Math.min(TTL_MS, b.msLeft)) : TTL_MS };
}

export async function membershipOf(userId: string, s: StreamSnapshot): Promise<Membership> {
  const key = `${userId}:${s.id}:${s.streamType}`;
  const hit = memberships.get(key);
  if (hit) return hit;
  const { membership, ttl } = await load(userId, s);
  memberships.set(key, membership, { ttl });
  return membership;
}
