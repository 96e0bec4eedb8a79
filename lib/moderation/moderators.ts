import { connectDb } from "@/lib/db/connection";
import { BanModel, ModeratorModel, type ModeratorDoc } from "@/lib/db/models/access.model";
import { AppError } from "@/lib/errors";
import { changes } from "@/lib/events";
import { publish } from "@/lib/realtime/emitter";
import type { Actor } from "@/lib/accounts/authenticate";
import { assertCan, assertCanActOn, streamSnapshot, type Action } from "@/lib/access";
import { logAction } from "@/lib/moderation/log";
import { refOrGone, userRefOrThrow, userRefs, type UserRef } from "@/lib/moderation/people";
import type { AddModeratorInput, ModeratorChangedEvent, ModeratorLevel, ModeratorList, ModeratorResult } from "@/lib/moderation/schemas";

/** Lead moderators are appointed and removed by the owner; plain moderators also by lead moderators. */
const actionFor = (level: ModeratorLevel): Action => (level === "lead" ? "channel.leads" : "channel.moderators");

function announce(streamId: string, user: UserRef, level: ModeratorLevel | null): void {
  publish(`stream:${streamId}`, level ? "moderator_added" : "moderator_removed", { streamId, user, level } satisfies ModeratorChangedEvent);
  // Their own pages ask for their access again (the mod tools appear or go).
  publish(`user:${user.id}`, "moderation_role_changed", { streamId, level });
}

/**
 * Appoints a moderator of the channel (`level: "lead"` for a lead moderator), or changes their level.
 * `POST /api/livestream/{id}/moderators` and the `add_moderator` event.
 */
export async function addModerator(actor: Actor, streamId: string, input: AddModeratorInput): Promise<ModeratorResult> {
  const s = await streamSnapshot(streamId);
  const target = await userRefOrThrow(input);
  const level = input.level ?? "moderator";
  if (target.id === s.hostId) throw new AppError("UNPROCESSABLE", "The channel's owner already moderates it");
  // Acting on a current lead (demoting them) is the owner's, as appointing one is.
  await connectDb();
  const current = await ModeratorModel.findOne({ channel: s.hostId, user: target.id }).lean<ModeratorDoc>();
  await assertCanActOn(actor, actionFor(current?.level === "lead" ? "lead" : level), s, target.id);
  if (await BanModel.exists({ host: s.hostId, user: target.id })) throw new AppError("CONFLICT", "Unban this user before making them a moderator");
  await ModeratorModel.updateOne({ channel: s.hostId, user: target.id }, { $set: { level, createdBy: actor.id } }, { upsert: true });
  changes.emit("membership.changed", { userId: target.id, channelId: s.hostId, reason: "role" });
  announce(streamId, target, level);
  await logAction({ channelId: s.hostId, streamId, action: "add_moderator", actor, target, details: { level } });
  return { moderator: true, userId: target.id, level };
}

/** Removes a moderator (idempotent). `DELETE /api/livestream/{id}/moderators/{userId}` and `remove_moderator`. */
export async function removeModerator(actor: Actor, streamId: string, userId: string): Promise<ModeratorResult> {
  const s = await streamSnapshot(streamId);
  const target = await userRefOrThrow({ userId });
  await connectDb();
  const current = await ModeratorModel.findOne({ channel: s.hostId, user: target.id }).lean<ModeratorDoc>();
  await assertCanActOn(actor, actionFor(current?.level === "lead" ? "lead" : "moderator"), s, target.id);
  if (current) {
    await ModeratorModel.deleteOne({ _id: current._id });
    changes.emit("membership.changed", { userId: target.id, channelId: s.hostId, reason: "role" });
    announce(streamId, target, null);
    await logAction({ channelId: s.hostId, streamId, action: "remove_moderator", actor, target, details: { level: current.level ?? "moderator" } });
  }
  return { moderator: false, userId: target.id, level: null };
}

/** The channel's moderators, leads first: the host and moderators. */
export async function listModerators(actor: Actor, streamId: string): Promise<ModeratorList> {
  const s = await streamSnapshot(streamId);
  await assertCan(actor, "moderation.view", s);
  await connectDb();
  const rows = await ModeratorModel.find({ channel: s.hostId }).sort({ createdAt: 1 }).limit(1000).lean<ModeratorDoc[]>();
  const refs = await userRefs(rows.map((r) => r.user.toString()));
  const list = rows.map((r) => ({
    user: refOrGone(refs, r.user.toString()),
    level: (r.level ?? "moderator") as ModeratorLevel,
    addedBy: r.createdBy?.toString() ?? null,
    addedAt: (r.createdAt ?? new Date(0)).toISOString(),
  }));
  return { moderators: [...list.filter((m) => m.level === "lead"), ...list.filter((m) => m.level !== "lead")] };
}
