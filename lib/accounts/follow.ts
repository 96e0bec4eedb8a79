import { isValidObjectId } from "mongoose";
import { connectDb } from "@/lib/db/connection";
import { UserModel, type UserDoc } from "@/lib/db/models/user.model";
import { FollowModel } from "@/lib/db/models/follow.model";
import { AppError } from "@/lib/errors";
import { publish } from "@/lib/realtime/emitter";
import type { Actor } from "@/lib/accounts/authenticate";
import { changes } from "@/lib/events";
import { insertIfAbsent } from "@/lib/db/writes";
import type { FollowState } from "@/lib/accounts/schemas";
import { recordFollow } from "@/lib/analytics/record";

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
  const created = await insertIfAbsent(FollowModel, { follower: actor.id, followee: target._id });
  changes.emit("membership.changed", { userId: actor.id, channelId: target._id.toString(), reason: "follow" });
  if (created) {
    await UserModel.updateOne({ _id: target._id }, { $inc: { followerCount: 1 } });
    publish(`user:${target._id.toString()}`, "new_follower", { follower: { id: actor.id, username: actor.username } });
    await recordFollow(target._id.toString());
  }
  return { following: true, followerCount: await followerCount(target._id.toString()) };
}

export async function unfollowUser(actor: Actor, idOrUsername: string): Promise<FollowState> {
  const target = await targetOrThrow(idOrUsername);
  const res = await FollowModel.deleteOne({ follower: actor.id, followee: target._id });
  changes.emit("membership.changed", { userId: actor.id, channelId: target._id.toString(), reason: "follow" });
  if (res.deletedCount > 0) await UserModel.updateOne({ _id: target._id }, { $inc: { followerCount: -1 } });
  return { following: false, followerCount: await followerCount(target._id.toString()) };
}

export async function followState(actor: Actor | null, idOrUsername: string): Promise<FollowState> {
  const target = await targetOrThrow(idOrUsername);
  const following = actor ? Boolean(await FollowModel.exists({ follower: actor.id, followee: target._id })) : false;
  return { following, followerCount: target.followerCount ?? 0 };
}
