import { config } from "@/lib/config";
import { clock } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { sharedLimit } from "@/lib/realtime/shared-limit";
import type { Actor } from "@/lib/accounts/authenticate";
import { standingOf } from "@/lib/access";
import { assertRunsStage, stageContext, tellChanged, tellRemoved } from "@/lib/guests/context";
import { applyStage } from "@/lib/guests/stage-media";
import { deleteGuest, findGuest, guestKey, personOrThrow, saveGuest, toGuestView } from "@/lib/guests/store";
import { DEFAULT_PERMISSIONS, type GuestPermissions, type GuestView, type InviteInput } from "@/lib/guests/schemas";

/** Co-hosts may be let moderate the chat; a guest never is (the flag is kept off for them). */
export function permissionsFor(kind: "cohost" | "guest", p: Partial<GuestPermissions> | undefined, base: GuestPermissions = DEFAULT_PERMISSIONS): GuestPermissions {
  const merged = { ...base, ...(p ?? {}) };
  return { ...merged, moderateChat: kind === "cohost" && merged.moderateChat };
}

/**
 * Invites a user onto the stage as a guest or co-host; the invite lapses after GUEST_INVITE_TTL_SECONDS.
 * A raised hand is turned into the invite. `POST /api/livestream/{id}/guests` and `invite_guest`.
 */
export async function inviteGuest(actor: Actor, streamId: string, input: Omit<InviteInput, "kind"> & { kind?: InviteInput["kind"] }): Promise<GuestView> {
  const kind = input.kind ?? "guest";
  const { snap } = await stageContext(streamId);
  await assertRunsStage(actor, snap, kind);
  // Every invite is a prompt on someone's screen: a host (or a co-host) cannot spray them.
  await sharedLimit({ name: "guest-invite", points: 30, durationSec: 60 }).consume(actor.id, "Too many invites; try again in a minute");
  const person = await personOrThrow(input);
  if (person.id === snap.hostId) throw new AppError("UNPROCESSABLE", "The host is always on stage");
  if (person.id === actor.id) throw new AppError("UNPROCESSABLE", "You cannot invite yourself");
  if ((await standingOf(person.id, snap)).role === "banned") throw new AppError("CONFLICT", "This user is banned from the channel");
  const current = await findGuest(streamId, person.id);
  if (current?.status === "active") throw new AppError("CONFLICT", "This user is already on stage");
  const row = await saveGuest(
    {
      _id: guestKey(streamId, person.id),
      stream: streamId,
      user: person.id,
      username: person.username,
      displayName: person.displayName,
      kind,
      status: "invited",
      permissions: permissionsFor(kind, input.permissions),
      invitedBy: actor.id,
      expiresAt: new Date(clock.now() + config().GUEST_INVITE_TTL_SECONDS * 1000),
    },
    snap.hostId,
  );
  await tellChanged(snap, row, "guest_invited");
  return toGuestView(row);
}

/**
 * The invitee accepts (on stage at once: their media connection may publish what the invite allows,
 * without reconnecting) or declines. `POST /api/livestream/{id}/guests/me/respond` and `respond_invite`.
 */
export async function respondInvite(actor: Actor, streamId: string, accept: boolean): Promise<GuestView | null> {
  const { snap, roomId } = await stageContext(streamId);
  const row = await findGuest(streamId, actor.id);
  if (!row || row.status !== "invited") throw new AppError("NOT_FOUND", "No invite to answer (it may have expired)");
  if (!accept) {
    await deleteGuest(streamId, actor.id, snap.hostId);
    await tellRemoved(snap, row, "declined");
    return null;
  }
  if ((await standingOf(actor.id, snap)).role === "banned") throw new AppError("BANNED", "You are banned from this channel");
  const active = await saveGuest({ ...row, status: "active", expiresAt: null }, snap.hostId);
  await applyStage(roomId, actor.id, active);
  await tellChanged(snap, active, "guest_updated");
  return toGuestView(active);
}
