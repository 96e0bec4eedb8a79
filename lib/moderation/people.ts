import { connectDb } from "@/lib/db/connection";
import { UserModel, type UserDoc } from "@/lib/db/models/user.model";
import { AppError } from "@/lib/errors";

export type UserRef = { id: string; username: string; displayName: string };

const refOf = (u: Pick<UserDoc, "_id" | "username" | "displayName">): UserRef => ({ id: u._id.toString(), username: u.username, displayName: u.displayName });

/** The user a moderation action is about; NOT_FOUND when there is none. */
export async function userRefOrThrow(target: { userId?: string; username?: string }): Promise<UserRef> {
  await connectDb();
  const filter = target.userId ? { _id: target.userId } : { usernameLower: (target.username ?? "").replace(/^@/, "").toLowerCase() };
  const u = await UserModel.findOne(filter, { username: 1, displayName: 1 }).lean<UserDoc>();
  if (!u) throw new AppError("NOT_FOUND", "User not found");
  return refOf(u);
}

/** Names for many user ids with one query (lists, the log); unknown ids read as a removed account. */
export async function userRefs(ids: string[]): Promise<Map<string, UserRef>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  await connectDb();
  const rows = await UserModel.find({ _id: { $in: unique } }, { username: 1, displayName: 1 }).lean<UserDoc[]>();
  return new Map(rows.map((u) => [u._id.toString(), refOf(u)]));
}

export function refOrGone(refs: Map<string, UserRef>, id: string): UserRef {
  return refs.get(id) ?? { id, username: "deleted", displayName: "Deleted account" };
}
