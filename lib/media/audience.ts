import { connectDb } from "@/lib/db/connection";
import { SubscriptionModel, TicketModel } from "@/lib/db/models/access.model";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/accounts/authenticate";
import { isFollowing } from "@/lib/accounts/follow";
import { isBanned } from "@/lib/moderation/bans";
import type { StreamDoc } from "@/lib/db/models/stream.model";

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
export async function assertMayWatch(actor: Actor | null, stream: StreamDoc): Promise<void> {
  const hostId = stream.host.toString();
  if (actor?.id === hostId) return;
  if (actor && (await isBanned(hostId, actor.id))) throw new AppError("BANNED", "You are banned from this channel");
  const type = stream.streamType;
  if (type === "public" || type === "unlisted") return;
  if (!actor) throw new AppError("UNAUTHENTICATED", "Log in to watch this stream");
  const id = stream._id.toString();
  if (type === "followers_only" && !(await isFollowing(actor.id, hostId))) throw new AppError("FOLLOWERS_ONLY", "This stream is for followers only");
  if (type === "subscribers_only" && !(await hasSubscription(actor.id, hostId))) throw new AppError("SUBSCRIBERS_ONLY", "This stream is for subscribers only");
  if (type === "paid" && !(await hasTicket(actor.id, id))) throw new AppError("TICKET_REQUIRED", "This stream needs a ticket", { details: { ticketPrice: stream.ticketPrice, currency: stream.currency } });
}
