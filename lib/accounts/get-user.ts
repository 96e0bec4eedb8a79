import { isValidObjectId } from "mongoose";
import { connectDb } from "@/lib/db/connection";
import { UserModel, type UserDoc } from "@/lib/db/models/user.model";
import { AppError } from "@/lib/errors";
import { toPublicUser, toSelfUser } from "@/lib/accounts/user-view";
import { disconnectUser } from "@/lib/realtime/emitter";
import type { Actor } from "@/lib/accounts/authenticate";
import type { PublicUser, SelfUser } from "@/lib/accounts/schemas";

/** The signed-in user's own profile. */
export async function getMe(actor: Actor): Promise<SelfUser> {
  await connectDb();
  const user = await UserModel.findById(actor.id).lean<UserDoc>();
  if (!user) throw new AppError("UNAUTHENTICATED", "Account no longer exists");
  return toSelfUser(user);
}

/** A public profile by id or username. */
export async function getPublicUser(idOrUsername: string): Promise<PublicUser> {
  await connectDb();
  const query = isValidObjectId(idOrUsername) ? { _id: idOrUsername } : { usernameLower: idOrUsername.toLowerCase() };
  const user = await UserModel.findOne(query).lean<UserDoc>();
  if (!user) throw new AppError("NOT_FOUND", "User not found");
  return toPublicUser(user);
}

/**
 * Logs the user out everywhere: every bearer token and browser session issued before ends (both carry the
 * version bumped here), and their open sockets are disconnected in every app process.
 */
export async function revokeTokens(actor: Actor): Promise<void> {
  await connectDb();
  await UserModel.updateOne({ _id: actor.id }, { $inc: { tokenVersion: 1 } });
  disconnectUser(actor.id);
}
