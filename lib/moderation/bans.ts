import { connectDb } from "@/lib/db/connection";
import { BanModel, type BanDoc } from "@/lib/db/models/access.model";
import { clock } from "@/lib/clock";
import { changes } from "@/lib/events";
import { disconnectFromStream, publish } from "@/lib/realtime/emitter";
import { restoreMediaAccess, revokeMediaAccess } from "@/lib/media/enforce";
import { offStageOnBan } from "@/lib/guests/manage";
import type { Actor } from "@/lib/accounts/authenticate";
import { assertCan, assertCanActOn, snapshotOf, streamSnapshot } from "@/lib/access";
import { findStreamOrThrow } from "@/lib/streams/load";
import { removeMessagesOf } from "@/lib/moderation/messages";
import { logAction } from "@/lib/moderation/log";
import { refOrGone, userRefOrThrow, userRefs } from "@/lib/moderation/people";
import type { BanInput, BanList, BanResult, UserBannedEvent, UserUnbannedEvent } from "@/lib/moderation/schemas";

/**
 * Bans a user from the channel (for `durationMinutes`, else until unbanned): the ban belongs to the
 * channel and outlives the stream. At once: the access caches forget the user's standing, their sockets
 * leave the stream's room, their media connection is removed, their lines vanish from every viewer's chat,
 * and everyone in the room is told. The host and moderators only, on someone they outrank.
 * `POST /api/livestream/{id}/bans` and the `ban_user` event both land here.
 */
export async function banUser(actor: Actor, streamId: string, input: BanInput): Promise<BanResult> {
  const stream = await findStreamOrThrow(streamId);
  const s = snapshotOf(stream);
  const target = await userRefOrThrow({ userId: input.userId });
  await assertCanActOn(actor, "channel.ban", s, target.id);
  const reason = input.reason ?? "";
  const expiresAt = input.durationMinutes ? new Date(clock.now() + input.durationMinutes * 60_000) : null;
  await connectDb();
  await BanModel.updateOne(
    { host: s.hostId, user: target.id },
    { $set: { reason, createdBy: actor.id, createdAt: new Date(clock.now()), ...(expiresAt ? { expiresAt } : {}) }, ...(expiresAt ? {} : { $unset: { expiresAt: 1 } }) },
    { upsert: true },
  );
  changes.emit("membership.changed", { userId: target.id, channelId: s.hostId, reason: "ban" });
  // The sockets first (no round trip), then media and the user's lines together.
  disconnectFromStream(target.id, streamId, "banned");
  const expires = expiresAt?.toISOString() ?? null;
  publish(`user:${target.id}`, "banned", { streamId, reason, expiresAt: expires });
  publish(`stream:${streamId}`, "user_banned", { streamId, user: target, reason, expiresAt: expires, by: actor.username } satisfies UserBannedEvent);
  await Promise.all([revokeMediaAccess({ id: streamId, roomId: stream.roomId, hostId: s.hostId }, target.id), removeMessagesOf(streamId, target.id, actor.id), offStageOnBan(streamId, target.id)]);
  await logAction({ channelId: s.hostId, streamId, action: "ban", actor, target, reason, details: expiresAt ? { durationMinutes: input.durationMinutes, expiresAt: expires } : { permanent: true } });
  return { banned: true, userId: target.id, expiresAt: expires };
}

/** Lifts a ban (idempotent): the host and moderators. */
export async function unbanUser(actor: Actor, streamId: string, userId: string): Promise<BanResult> {
  const s = await streamSnapshot(streamId);
  const target = await userRefOrThrow({ userId });
  await assertCanActOn(actor, "channel.ban", s, target.id);
  await connectDb();
  const res = await BanModel.deleteOne({ host: s.hostId, user: target.id });
  changes.emit("membership.changed", { userId: target.id, channelId: s.hostId, reason: "ban" });
  await restoreMediaAccess({ roomId: (await findStreamOrThrow(streamId)).roomId }, target.id);
  if (res.deletedCount) {
    publish(`stream:${streamId}`, "user_unbanned", { streamId, userId: target.id } satisfies UserUnbannedEvent);
    await logAction({ channelId: s.hostId, streamId, action: "unban", actor, target });
  }
  return { banned: false, userId: target.id, expiresAt: null };
}

/** The channel's bans in force, newest first: the host and moderators. */
export async function listBans(actor: Actor, streamId: string): Promise<BanList> {
  const s = await streamSnapshot(streamId);
  await assertCan(actor, "moderation.view", s);
  await connectDb();
  const now = new Date(clock.now());
  const rows = await BanModel.find({ host: s.hostId, $or: [{ expiresAt: { $exists: false } }, { expiresAt: { $gt: now } }] })
    .sort({ createdAt: -1 })
    .limit(1000)
    .lean<BanDoc[]>();
  const refs = await userRefs(rows.map((r) => r.user.toString()));
  return {
    bans: rows.map((r) => ({
      user: refOrGone(refs, r.user.toString()),
      reason: r.reason ?? "",
      expiresAt: r.expiresAt?.toISOString() ?? null,
      bannedBy: r.createdBy?.toString() ?? null,
      createdAt: (r.createdAt ?? now).toISOString(),
    })),
  };
}
