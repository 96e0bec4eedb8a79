import { StreamModel, type StreamDoc } from "@/lib/db/models/stream.model";
import { StreamLikeModel } from "@/lib/db/models/stream-like.model";
import { insertIfAbsent } from "@/lib/db/writes";
import { limiter } from "@/lib/rate-limit";
import { publish } from "@/lib/realtime/emitter";
import type { Actor } from "@/lib/accounts/authenticate";
import { findStreamOrThrow } from "@/lib/streams/load";
import type { EngagementCounts, EngagementUpdate, LikeResult } from "@/lib/streams/schemas";

async function counts(id: string): Promise<EngagementCounts> {
  const s = await StreamModel.findById(id, { "analytics.likes": 1, "analytics.shares": 1 }).lean<StreamDoc>();
  return { likes: s?.analytics?.likes ?? 0, shares: s?.analytics?.shares ?? 0 };
}

/** One like per user per stream (a unique index decides); the counter moves only when the like is new. */
export async function likeStream(actor: Actor, id: string): Promise<LikeResult> {
  await findStreamOrThrow(id);
  if (await insertIfAbsent(StreamLikeModel, { stream: id, user: actor.id })) await StreamModel.updateOne({ _id: id }, { $inc: { "analytics.likes": 1 } });
  const c = await counts(id);
  publish(`stream:${id}`, "stream_engagement_update", { streamId: id, ...c } satisfies EngagementUpdate);
  return { liked: true, ...c };
}

export async function unlikeStream(actor: Actor, id: string): Promise<LikeResult> {
  await findStreamOrThrow(id);
  const res = await StreamLikeModel.deleteOne({ stream: id, user: actor.id });
  if (res.deletedCount > 0) await StreamModel.updateOne({ _id: id }, { $inc: { "analytics.likes": -1 } });
  const c = await counts(id);
  publish(`stream:${id}`, "stream_engagement_update", { streamId: id, ...c } satisfies EngagementUpdate);
  return { liked: false, ...c };
}

/** Whether the actor likes the stream; NOT_FOUND once it is deleted, as for every other read of it. */
export async function hasLiked(actor: Actor, id: string): Promise<boolean> {
  await findStreamOrThrow(id);
  return Boolean(await StreamLikeModel.exists({ stream: id, user: actor.id }));
}

/** Counts a share; one per user per stream per minute so the counter means something. */
export async function shareStream(actor: Actor, id: string): Promise<EngagementCounts> {
  await findStreamOrThrow(id);
  if (limiter.hit(`share:${actor.id}:${id}`, 1, 60_000) === 0) await StreamModel.updateOne({ _id: id }, { $inc: { "analytics.shares": 1 } });
  const c = await counts(id);
  publish(`stream:${id}`, "stream_engagement_update", { streamId: id, ...c } satisfies EngagementUpdate);
  return c;
}
