import { StreamModel } from "@/lib/db/models/stream.model";
import { StreamLikeModel } from "@/lib/db/models/stream-like.model";
import { insertIfAbsent } from "@/lib/db/writes";
import { config } from "@/lib/config";
import { sharedLimit } from "@/lib/realtime/shared-limit";
import type { Actor } from "@/lib/accounts/authenticate";
import { findStreamOrThrow } from "@/lib/streams/load";
import { engagementCounts, engagementUpdates } from "@/lib/streams/engagement-updates";
import type { EngagementCounts, LikeResult } from "@/lib/streams/schemas";
import { recordEngagement } from "@/lib/analytics/record";

/** Likes, unlikes and shares per user: ENGAGEMENT_RATE_LIMIT a minute, across app processes. */
function limitEngagement(actor: Actor): Promise<void> {
  return sharedLimit({ name: "engage", points: config().ENGAGEMENT_RATE_LIMIT, durationSec: 60 }).consume(actor.id, "Too many likes and shares; slow down");
}

/** One like per user per stream (a unique index decides); the counter moves only when the like is new. */
export async function likeStream(actor: Actor, id: string): Promise<LikeResult> {
  await limitEngagement(actor);
  await findStreamOrThrow(id);
  if (await insertIfAbsent(StreamLikeModel, { stream: id, user: actor.id })) {
    await StreamModel.updateOne({ _id: id }, { $inc: { "analytics.likes": 1 } });
    recordEngagement(id, { likes: 1 });
  }
  engagementUpdates.mark(id);
  return { liked: true, ...(await engagementCounts(id)) };
}

export async function unlikeStream(actor: Actor, id: string): Promise<LikeResult> {
  await limitEngagement(actor);
  await findStreamOrThrow(id);
  const res = await StreamLikeModel.deleteOne({ stream: id, user: actor.id });
  if (res.deletedCount > 0) {
    await StreamModel.updateOne({ _id: id }, { $inc: { "analytics.likes": -1 } });
    recordEngagement(id, { likes: -1 });
  }
  engagementUpdates.mark(id);
  return { liked: false, ...(await engagementCounts(id)) };
}

/** Whether the actor likes the stream; NOT_FOUND once it is deleted, as for every other read of it. */
export async function hasLiked(actor: Actor, id: string): Promise<boolean> {
  await findStreamOrThrow(id);
  return Boolean(await StreamLikeModel.exists({ stream: id, user: actor.id }));
}

/** Counts a share; one per user per stream per minute (on any app process) so the counter means something. */
export async function shareStream(actor: Actor, id: string): Promise<EngagementCounts> {
  await limitEngagement(actor);
  await findStreamOrThrow(id);
  if ((await sharedLimit({ name: "share", points: 1, durationSec: 60 }).hit(`${actor.id}:${id}`)) === 0) {
    await StreamModel.updateOne({ _id: id }, { $inc: { "analytics.shares": 1 } });
    engagementUpdates.mark(id);
  }
  return engagementCounts(id);
}
