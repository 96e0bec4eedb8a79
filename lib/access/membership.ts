import { LRUCache } from "lru-cache";
import { connectDb } from "@/lib/db/connection";
import { BanModel, ModeratorModel, SubscriptionModel, TicketModel, type BanDoc } from "@/lib/db/models/access.model";
import { FollowModel, type FollowDoc } from "@/lib/db/models/follow.model";
import { ChatTimeoutModel, type ChatTimeoutDoc } from "@/lib/db/models/moderation.model";
import { GuestModel, type GuestDoc } from "@/lib/db/models/guest.model";
import { clock } from "@/lib/clock";
import { changes } from "@/lib/events";
import { processSingleton } from "@/lib/singleton";
import type { Facts } from "@/lib/access/policy";
import type { StreamSnapshot } from "@/lib/access/stream-snapshot";

export type Membership = Pick<Facts, "banned" | "moderator" | "lead" | "guest" | "cohost" | "moderatesChat" | "follower" | "subscriber" | "ticket" | "followedAt" | "timeoutUntil">;

/**
 * Ten minutes: every change of standing (follow, ban, timeout, role, subscription, ticket) evicts the
 * user's entries at once, in every app process (lib/realtime/change-relay.ts), so the time to live only
 * bounds memory and lapses: a timed ban, a timeout or a subscription period ends its entry when it ends.
 * A short life here cost a database round trip per casual chatter's message.
 */
const TTL_MS = 600_000;

/**
 * A signed-in user's standing in a stream's channel, kept per (user, stream, stream type) in this process:
 * the chat hot path asks for every message. Any change to the user's standing (follow, ban,
 * role, subscription, ticket) evicts their entries at once.
 */
const memberships = processSingleton("access.memberships", () => {
  /** Each user's cached keys, evicted together when their standing changes. */
  const byUser = new Map<string, Set<string>>();
  const userOf = (key: string) => key.slice(0, key.indexOf(":"));
  const cache = new LRUCache<string, Membership>({
    max: 50_000,
    ttl: TTL_MS,
    perf: clock,
    dispose: (_value, key) => {
      const user = userOf(key);
      const keys = byUser.get(user);
      keys?.delete(key);
      if (keys && !keys.size) byUser.delete(user);
    },
  });
  /** When each user's standing last changed (a counter, not a time), remembered longer than any read takes. */
  const changedAt = new LRUCache<string, number>({ max: 100_000, ttl: 60_000 });
  let counter = 0;
  changes.on("membership.changed", ({ userId }) => {
    changedAt.set(userId, ++counter);
    for (const key of [...(byUser.get(userId) ?? [])]) cache.delete(key);
  });
  return {
    get: (key: string) => cache.get(key),
    /** The point a read starts from; `keep` caches its answer unless the user's standing changed since. */
    mark: () => counter,
    keep(userId: string, key: string, value: Membership, ttl: number, since: number): void {
      if ((changedAt.get(userId) ?? 0) > since) return; // a ban at that very moment: answer it, keep nothing
      cache.set(key, value, { ttl });
      let keys = byUser.get(userId);
      if (!keys) byUser.set(userId, (keys = new Set()));
      keys.add(key);
    },
  };
});

/** Whether a ban holds at `now`, and for how long more. */
export function activeBan(ban: Pick<BanDoc, "expiresAt"> | null, now: number): { banned: boolean; msLeft: number } {
  if (!ban) return { banned: false, msLeft: Infinity };
  if (!ban.expiresAt) return { banned: true, msLeft: Infinity };
  const msLeft = ban.expiresAt.getTime() - now;
  return { banned: msLeft > 0, msLeft };
}

/**
 * Reads the user's standing in the channel (and on this stream's stage) in parallel: one round trip per cache miss. Follows and
 * subscriptions are read whatever the stream's type, because the chat modes (followers-only with a minimum
 * age, subscribers-only) ask about them too; a ticket only for a paid stream.
 */
async function load(userId: string, s: StreamSnapshot): Promise<{ membership: Membership; ttl: number }> {
  await connectDb();
  const now = clock.now();
  const [ban, timeout, moderator, follow, subscriber, ticket, stage] = await Promise.all([
    BanModel.findOne({ host: s.hostId, user: userId }, { expiresAt: 1 }).lean<Pick<BanDoc, "expiresAt">>(),
    ChatTimeoutModel.findOne({ channel: s.hostId, user: userId }, { until: 1 }).lean<Pick<ChatTimeoutDoc, "until">>(),
    ModeratorModel.findOne({ channel: s.hostId, user: userId }, { level: 1 }).lean<{ level?: string }>(),
    FollowModel.findOne({ follower: userId, followee: s.hostId }, { createdAt: 1 }).lean<Pick<FollowDoc, "createdAt">>(),
    SubscriptionModel.findOne({ subscriber: userId, creator: s.hostId, status: "active", currentPeriodEnd: { $gt: new Date(now) } }, { currentPeriodEnd: 1 }).lean<{ currentPeriodEnd: Date }>(),
    s.streamType === "paid" ? TicketModel.exists({ stream: s.id, user: userId, status: "paid" }) : null,
    // Keyed by id (FerretDB pushes only `_id` filters down): on stage in this stream, as a guest or co-host.
    GuestModel.findById(`${s.id}:${userId}`, { kind: 1, status: 1, permissions: 1 }).lean<Pick<GuestDoc, "kind" | "status" | "permissions">>(),
  ]);
  const onStage = stage?.status === "active";
  const b = activeBan(ban, now);
  const timeoutUntil = timeout && timeout.until.getTime() > now ? timeout.until.getTime() : null;
  const membership: Membership = {
    banned: b.banned,
    moderator: Boolean(moderator),
    lead: moderator?.level === "lead",
    guest: onStage,
    cohost: onStage && stage?.kind === "cohost",
    moderatesChat: onStage && stage?.kind === "cohost" && Boolean(stage.permissions?.moderateChat),
    follower: Boolean(follow),
    followedAt: follow?.createdAt ? follow.createdAt.getTime() : null,
    subscriber: Boolean(subscriber),
    ticket: Boolean(ticket),
    timeoutUntil,
  };
  // A timed ban, a timeout or a subscription period is forgotten when it lapses.
  const lapse = Math.min(b.banned ? b.msLeft : Infinity, timeoutUntil !== null ? timeoutUntil - now : Infinity, subscriber ? subscriber.currentPeriodEnd.getTime() - now : Infinity);
  return { membership, ttl: Math.max(1, Math.min(TTL_MS, lapse)) };
}

export async function membershipOf(userId: string, s: StreamSnapshot): Promise<Membership> {
  const key = `${userId}:${s.id}:${s.streamType}`;
  const hit = memberships.get(key);
  if (hit) return hit;
  const since = memberships.mark();
  const { membership, ttl } = await load(userId, s);
  memberships.keep(userId, key, membership, ttl, since);
  return membership;
}
