import { AppError } from "@/lib/errors";
import { sharedLimit } from "@/lib/realtime/shared-limit";
import type { Actor } from "@/lib/accounts/authenticate";
import { assertCan } from "@/lib/access";
import { assertRunsStage, stageContext, tellChanged, tellRemoved } from "@/lib/guests/context";
import { permissionsFor } from "@/lib/guests/invites";
import { applyStage } from "@/lib/guests/stage-media";
import { deleteGuest, findGuest, guestKey, saveGuest, toGuestView } from "@/lib/guests/store";
import type { GuestKind, GuestView } from "@/lib/guests/schemas";

/**
 * A viewer asks to come on stage (`raised: false` lowers the hand). Anyone in the audience who is signed
 * in may ask; an invite already waiting, or being on stage, is left as it is.
 * `PUT /api/livestream/{id}/guests/me/hand` and `raise_hand`.
 */
export async function raiseHand(actor: Actor, streamId: string, raised: boolean): Promise<GuestView | null> {
  // Each raise reaches the host's screen: a hand waved up and down at will would flood it.
  await sharedLimit({ name: "raise-hand", points: 10, durationSec: 60 }).consume(actor.id, "Too many raised hands; try again in a minute");
  const { snap } = await stageContext(streamId);
  await assertCan(actor, "stream.watch", snap);
  if (actor.id === snap.hostId) throw new AppError("UNPROCESSABLE", "The host is always on stage");
  const current = await findGuest(streamId, actor.id);
  if (!raised) {
    if (current?.status === "requested") {
      await deleteGuest(streamId, actor.id, snap.hostId);
      await tellRemoved(snap, current, "lowered");
    }
    return null;
  }
  if (current && current.status !== "requested") throw new AppError("CONFLICT", current.status === "active" ? "You are already on stage" : "You already have an invite: answer it");
  if (current) return toGuestView(current);
  const row = await saveGuest(
    { _id: guestKey(streamId, actor.id), stream: streamId, user: actor.id, username: actor.username, displayName: actor.displayName, kind: "guest", status: "requested", permissions: permissionsFor("guest", undefined), expiresAt: null },
    snap.hostId,
  );
  await tellChanged(snap, row, "hand_raised");
  return toGuestView(row);
}

/**
 * The host (or a co-host, for guests) accepts a raised hand (the viewer is on stage at once, having asked)
 * or declines it. `POST /api/livestream/{id}/guests/{userId}/hand` and `resolve_hand`.
 */
export async function resolveHand(actor: Actor, streamId: string, userId: string, input: { accept: boolean; kind?: GuestKind }): Promise<GuestView | null> {
  const kind = input.kind ?? "guest";
  const { snap, roomId } = await stageContext(streamId);
  await assertRunsStage(actor, snap, kind);
  const row = await findGuest(streamId, userId);
  if (!row || row.status !== "requested") throw new AppError("NOT_FOUND", "No raised hand from this user");
  if (!input.accept) {
    await deleteGuest(streamId, userId, snap.hostId);
    await tellRemoved(snap, row, "declined");
    return null;
  }
  const active = await saveGuest({ ...row, kind, status: "active", permissions: permissionsFor(kind, undefined), invitedBy: actor.id, expiresAt: null }, snap.hostId);
  await applyStage(roomId, userId, active);
  await tellChanged(snap, active, "guest_updated");
  return toGuestView(active);
}
