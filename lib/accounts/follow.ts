import { isValidObjectId } from "mongoose";
import { connectDb } from "@/lib/db/connection";
import { UserModel, type UserDoc } from "@/lib/db/models/user.model";
import { FollowModel } from "@/lib/db/models/follow.model";
import { AppError } from "@/lib/errors";
import { publish } from "@/lib/realtime/emitter";
import type { Actor } from "@/lib/accounts/authenticate";
import { forgetAccess } from "@/lib/media/access-cache";
import type { FollowState } from "@/lib/accounts/schemas";

async function targetOrThrow(idOrUsername: string): Promise<UserDoc> {
  await connectDb();
  const u = await UserModel.findOne(isValidObjectId(idOrUsername) ? { _id: idOrUsername } : { usernameLower: idOrUsername.toLowerCase() }).lean<UserDoc>();
  if (!u) throw new AppError("NOT_FOUND", "User not found");
  return u;
}

async function followerCount(id: string): Promise<number> {
  return (await UserModel.findById(id, { followerCount: 1 }).lean<UserDoc>())?.followerCount ?? 0;
}

/** Follows a user; idempotent, the unique index decides races and the counter moves once. */
export async function followUser(actor: Actor, idOrUsername: string): Promise<FollowState> {
  const target = await targetOrThrow(idOrUsername);
  if (target._id.toString() === actor.id) throw new AppError("UNPROCESSABLE", "You cannot follow yourself");
  const res = await FollowModel.updateOne({ follower: actor.id, followee: target._id }, { $setOnInsert: { follower: actor.id, followee: target._id } }, { upsert: true }).catch((err: unknown) => {
    if ((err as { code?: number }).code === 11000) return { upsertedCount: 0 };
    throw err;
  });
  forgetAccess(actor.id);
  if (res.upsertedCount > 0) {
    await UserModel.updateOne({ _id: target._id }, { $inc: { followerCount: 1 } });
    publish(`user:${target._id.toString()}`, "new_follower", { follower: { id: actor.id, username: actor.username } });
  }
  return { following: true, followerCount: await followerCount(target._id.toString()) };
}

export async function unfollowUser(actor: Actor, idOrUsername: string): Promise<FollowState> {
  const target = await targetOrThrow(idOrUsername);
  const res = await FollowModel.deleteOne({ follower: actor.id, followee: target._id });
  forgetAccess(actor.id);
  if (res.deletedCount > 0) await UserModel.updateOne({ _id: target._id }, { $inc: { followerCount: -1 } });
  return { following: false, followerCount: await followerCount(target._id.toString()) };
}

export async function followState(actor: Actor | null, idOrUsername: string): Promise<FollowState> {
  const target = await targetOrThrow(idOrUsername);
  const following = actor ? Boolean(await FollowModel.exists({ follower: actor.id, followee: target._id })) : false;
  return { following, followerCount: target.followerCount ?? 0 };
}

/** Whether `userId` follows `hostId` (audience checks of followers-only streams). */
export async function isFollowing(userId: string, hostId: string): Promise<boolean> {
  await connectDb();
  return Boolean(await FollowModel.exists({ follower: userId, followee: hostId }));
}
