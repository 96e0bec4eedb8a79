import { connectDb } from "@/lib/db/connection";
import { SubscriptionModel, TicketModel } from "@/lib/db/models/access.model";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/accounts/authenticate";
import { isFollowing } from "@/lib/accounts/follow";
import { isBanned } from "@/lib/moderation/bans";
import type { StreamType } from "@/lib/streams/status";
import { accessDecisions } from "@/lib/media/access-cache";

export type Audience = { id: string; hostId: string; streamType: StreamType; ticketPrice?: number | null; currency?: string | null };

async function hasSubscription(userId: string, creatorId: string): Promise<boolean> {
  await connectDb();
  return Boolean(await SubscriptionModel.exists({ subscriber: userId, creator: creatorId, status: "active", currentPeriodEnd: { $gt: new Date() } }));
}

async function hasTicket(userId: string, streamId: string): Promise<boolean> {
  await connectDb();
  return Boolean(await TicketModel.exists({ stream: streamId, user: userId, status: "paid" }));
}

/**
 * Whether the actor may watch the stream's media: the host always; banned users never; otherwise the
 * stream type decides (anonymous visitors only for public and unlisted streams). Throws with a code.
 */
export async function assertMayWatch(actor: Actor | null, stream: Audience): Promise<void> {
  const hostId = stream.hostId;
  if (actor?.id === hostId) return;
  if (actor && (await isBanned(hostId, actor.id))) throw new AppError("BANNED", "You are banned from this channel");
  const type = stream.streamType;
  if (type === "public" || type === "unlisted") return;
  if (!actor) throw new AppError("UNAUTHENTICATED", "Log in to watch this stream");
  const id = stream.id;
  if (type === "followers_only" && !(await isFollowing(actor.id, hostId))) throw new AppError("FOLLOWERS_ONLY", "This stream is for followers only");
  if (type === "subscribers_only" && !(await hasSubscription(actor.id, hostId))) throw new AppError("SUBSCRIBERS_ONLY", "This stream is for subscribers only");
  if (type === "paid" && !(await hasTicket(actor.id, id))) throw new AppError("TICKET_REQUIRED", "This stream needs a ticket", { details: { ticketPrice: stream.ticketPrice, currency: stream.currency } });
}

/**
 * assertMayWatch with its answer kept for ten seconds per (user, stream) in this process: the chat hot
 * path asks it for every message. Bans and follows made here forget the user's answers at once.
 */
export async function assertMayWatchCached(actor: Actor | null, stream: Audience): Promise<void> {
  const key = `${actor?.id ?? "anon"}:${stream.id}`;
  let d = accessDecisions.get(key);
  if (!d) {
    d = { error: null };
    try {
      await assertMayWatch(actor, stream);
    } catch (err) {
      d.error = err;
    }
    accessDecisions.set(key, d);
  }
  if (d.error) throw d.error;
}
