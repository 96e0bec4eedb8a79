import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/accounts/authenticate";
import { assertCan, can } from "@/lib/access";
import { assertRunsStage, stageContext, tellChanged, tellRemoved } from "@/lib/guests/context";
import { permissionsFor } from "@/lib/guests/invites";
import { applyStage, dropFromStage, muteStageTracks } from "@/lib/guests/stage-media";
import { deleteGuest, findGuest, saveGuest, stageOf, toGuestView } from "@/lib/guests/store";
import type { GuestList, GuestPermissions, GuestView, MuteSource } from "@/lib/guests/schemas";

/**
 * The stage and the layout. Whoever runs it (host, co-hosts) sees invites and raised hands too; the
 * audience sees who is on stage. `GET /api/livestream/{id}/guests`.
 */
export async function listGuests(actor: Actor | null, streamId: string): Promise<GuestList> {
  const { snap, layout } = await stageContext(streamId, { allowEnded: true });
  await assertCan(actor, "stream.watch", snap);
  const runs = await can(actor, "guests.manage", snap);
  const rows = (await stageOf(streamId)).filter((r) => runs || r.status === "active" || r.user === actor?.id);
  return { guests: rows.map(toGuestView), layout };
}

async function onStageOrThrow(streamId: string, userId: string) {
  const row = await findGuest(streamId, userId);
  if (!row) throw new AppError("NOT_FOUND", "This user is not on this stream's stage");
  return row;
}

/**
 * Changes what a guest may do. On stage, LiveKit applies it to their connection at once: a camera allowed
 * starts publishing without a reconnect; one taken away stops. `PATCH /api/livestream/{id}/guests/{userId}`
 * and `update_guest_permissions`.
 */
export async function updateGuestPermissions(actor: Actor, streamId: string, userId: string, patch: Partial<GuestPermissions>): Promise<GuestView> {
  const { snap, roomId } = await stageContext(streamId);
  const row = await onStageOrThrow(streamId, userId);
  await assertRunsStage(actor, snap, row.kind);
  if (patch.moderateChat && row.kind !== "cohost") throw new AppError("UNPROCESSABLE", "Only co-hosts can moderate the chat");
  const saved = await saveGuest({ ...row, permissions: permissionsFor(row.kind, patch, row.permissions) }, snap.hostId);
  if (saved.status === "active") await applyStage(roomId, userId, saved);
  await tellChanged(snap, saved, "guest_updated");
  return toGuestView(saved);
}

/** Mutes a guest's camera, microphone or screen share (they may unmute if still allowed). `POST .../guests/{userId}/mute`, `mute_guest`. */
export async function muteGuest(actor: Actor, streamId: string, userId: string, source: MuteSource): Promise<{ muted: boolean; tracks: number }> {
  const { snap, roomId } = await stageContext(streamId);
  const row = await onStageOrThrow(streamId, userId);
  await assertRunsStage(actor, snap, row.kind);
  if (row.status !== "active") throw new AppError("CONFLICT", "This user is not on stage yet");
  return { muted: true, tracks: await muteStageTracks(roomId, userId, source) };
}

/**
 * Takes someone off the stage, or withdraws their invite or hand. The runners remove (publishing revoked at
 * once, then out of the room: they come back as a viewer); a guest may leave by removing themselves (they
 * stay connected, as a viewer). `DELETE /api/livestream/{id}/guests/{userId}` and `remove_guest`.
 */
export async function removeGuest(actor: Actor, streamId: string, userId: string): Promise<{ removed: true; userId: string }> {
  const { snap, roomId } = await stageContext(streamId, { allowEnded: true });
  const row = await onStageOrThrow(streamId, userId);
  const self = actor.id === userId;
  if (!self) await assertRunsStage(actor, snap, row.kind);
  await deleteGuest(streamId, userId, snap.hostId);
  if (row.status === "active") {
    if (self) await applyStage(roomId, userId, null);
    else await dropFromStage(roomId, userId);
  }
  await tellRemoved(snap, row, self ? "left" : "removed");
  return { removed: true, userId };
}

/**
 * A ban takes the banned user off this stream's stage (and withdraws an invite or hand). Their media are
 * already gone (the ban's own media side); this clears the row and tells everyone. Called by banUser.
 */
export async function offStageOnBan(streamId: string, userId: string): Promise<void> {
  const row = await findGuest(streamId, userId);
  if (!row) return;
  const { snap } = await stageContext(streamId, { allowEnded: true });
  await deleteGuest(streamId, userId, snap.hostId);
  await tellRemoved(snap, row, "removed");
}
