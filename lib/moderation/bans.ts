import { connectDb } from "@/lib/db/connection";
import { BanModel } from "@/lib/db/models/access.model";
import { UserModel } from "@/lib/db/models/user.model";
import { AppError } from "@/lib/errors";
import { changes } from "@/lib/events";
import { disconnectFromStream, publish } from "@/lib/realtime/emitter";
import { roomService } from "@/lib/livekit/client";
import type { Actor } from "@/lib/accounts/authenticate";
import { assertCan, isChannelOwner, snapshotOf } from "@/lib/access";
import { findStreamOrThrow } from "@/lib/streams/load";

/** Bans a user from the stream's channel (temporary with a duration) and removes them from the live room. */
export async function banUser(actor: Actor, streamId: string, input: { userId: string; reason?: string; durationMinutes?: number }) {
  const stream = await findStreamOrThrow(streamId);
  const channel = snapshotOf(stream);
  await assertCan(actor, "channel.ban", channel);
  if (input.userId === actor.id) throw new AppError("UNPROCESSABLE", "You cannot ban yourself");
  if (isChannelOwner(input.userId, channel)) throw new AppError("FORBIDDEN", "The channel's owner cannot be banned");
  await connectDb();
  if (!(await UserModel.exists({ _id: input.userId }))) throw new AppError("NOT_FOUND", "User not found");
  const expiresAt = input.durationMinutes ? new Date(Date.now() + input.durationMinutes * 60_000) : undefined;
  await BanModel.updateOne(
    { host: channel.hostId, user: input.userId },
    { $set: { reason: input.reason ?? "", createdBy: actor.id, ...(expiresAt ? { expiresAt } : {}) }, ...(expiresAt ? {} : { $unset: { expiresAt: 1 } }) },
    { upsert: true },
  );
  changes.emit("membership.changed", { userId: input.userId, channelId: channel.hostId, reason: "ban" });
  await roomService().removeParticipant(stream.roomId, input.userId).catch(() => undefined);
  disconnectFromStream(input.userId, streamId, "banned");
  publish(`user:${input.userId}`, "banned", { streamId, reason: input.reason ?? "", expiresAt: expiresAt?.toISOString() ?? null });
  return { banned: true, userId: input.userId, expiresAt: expiresAt?.toISOString() ?? null };
}

export async function unbanUser(actor: Actor, streamId: string, userId: string) {
  const channel = snapshotOf(await findStreamOrThrow(streamId));
  await assertCan(actor, "channel.ban", channel);
  await BanModel.deleteOne({ host: channel.hostId, user: userId });
  changes.emit("membership.changed", { userId, channelId: channel.hostId, reason: "ban" });
  return { banned: false, userId };
}
