import { connectDb } from "@/lib/db/connection";
import { BanModel, type BanDoc } from "@/lib/db/models/access.model";
import { UserModel } from "@/lib/db/models/user.model";
import { AppError } from "@/lib/errors";
import { publish } from "@/lib/realtime/emitter";
import { roomService } from "@/lib/livekit/client";
import type { Actor } from "@/lib/accounts/authenticate";
import { hostedStreamOrThrow } from "@/lib/streams/load";
import { forgetAccess } from "@/lib/media/access-cache";
import { disconnectFromStream } from "@/lib/realtime/emitter";

/** Whether `userId` is banned from `hostId`'s streams now (expired bans do not count). */
export async function isBanned(hostId: string, userId: string): Promise<boolean> {
  await connectDb();
  const ban = await BanModel.findOne({ host: hostId, user: userId }).lean<BanDoc>();
  return Boolean(ban && (!ban.expiresAt || ban.expiresAt.getTime() > Date.now()));
}

/** Bans a user from the host's streams (temporary with a duration) and removes them from the live room. */
export async function banUser(actor: Actor, streamId: string, input: { userId: string; reason?: string; durationMinutes?: number }) {
  const stream = await hostedStreamOrThrow(actor, streamId);
  if (input.userId === actor.id) throw new AppError("UNPROCESSABLE", "You cannot ban yourself");
  if (!(await UserModel.exists({ _id: input.userId }))) throw new AppError("NOT_FOUND", "User not found");
  const expiresAt = input.durationMinutes ? new Date(Date.now() + input.durationMinutes * 60_000) : undefined;
  await BanModel.updateOne(
    { host: actor.id, user: input.userId },
    { $set: { reason: input.reason ?? "", createdBy: actor.id, ...(expiresAt ? { expiresAt } : {}) }, ...(expiresAt ? {} : { $unset: { expiresAt: 1 } }) },
    { upsert: true },
  );
  forgetAccess(input.userId);
  await roomService().removeParticipant(stream.roomId, input.userId).catch(() => undefined);
  disconnectFromStream(input.userId, streamId, "banned");
  publish(`user:${input.userId}`, "banned", { streamId, reason: input.reason ?? "", expiresAt: expiresAt?.toISOString() ?? null });
  return { banned: true, userId: input.userId, expiresAt: expiresAt?.toISOString() ?? null };
}

export async function unbanUser(actor: Actor, streamId: string, userId: string) {
  await hostedStreamOrThrow(actor, streamId);
  await BanModel.deleteOne({ host: actor.id, user: userId });
  forgetAccess(userId);
  return { banned: false, userId };
}
