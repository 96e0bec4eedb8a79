import "server-only";
import { TrackSource } from "livekit-server-sdk";
import { muteTracks, removeParticipant, setPermissions } from "@/lib/livekit/rooms";
import { stagePermission, type StageGrant } from "@/lib/livekit/tokens";
import { findGuest, type GuestDoc } from "@/lib/guests/store";
import type { MuteSource } from "@/lib/guests/schemas";

/** What a row lets its person publish: only someone on stage publishes anything. */
export function stageGrantOf(row: Pick<GuestDoc, "status" | "permissions"> | null): StageGrant | null {
  if (!row || row.status !== "active") return null;
  return { camera: Boolean(row.permissions?.camera), microphone: Boolean(row.permissions?.microphone), screenShare: Boolean(row.permissions?.screenShare) };
}

/**
 * Applies the row to the person's LiveKit participant (their identity is their user id) while it is
 * connected: on stage it may publish what the row allows, at once and without reconnecting; off stage it
 * is a viewer again (what it published stops). Not connected: nothing to do, the next token carries it.
 */
export async function applyStage(roomId: string, userId: string, row: Pick<GuestDoc, "status" | "permissions"> | null): Promise<boolean> {
  return setPermissions(roomId, userId, stagePermission(stageGrantOf(row)));
}

/** Off stage by the host: publishing revoked first (media stop at once), then out of the room (the client rejoins as a viewer). */
export async function dropFromStage(roomId: string, userId: string): Promise<void> {
  await applyStage(roomId, userId, null);
  await removeParticipant(roomId, userId);
}

const SOURCES: Record<MuteSource, TrackSource[]> = {
  camera: [TrackSource.CAMERA],
  microphone: [TrackSource.MICROPHONE],
  screen_share: [TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO],
};

export function muteStageTracks(roomId: string, userId: string, source: MuteSource): Promise<number> {
  return muteTracks(roomId, userId, SOURCES[source]);
}

/**
 * The `participant_joined` check for stage media: a token carries the grants of the moment it was minted,
 * and LiveKit cannot revoke it, so a join is brought in line with the row now. Someone on stage who joined
 * with an older viewer token may publish; a guest token of someone taken off stage publishes nothing.
 */
export async function alignStageOnJoin(streamId: string, roomId: string, identity: string, minted: { role: string | null }): Promise<void> {
  if (!/^[a-f0-9]{24}$/i.test(identity)) return; // anonymous viewers and the platform's own identities are never on stage
  const row = await findGuest(streamId, identity);
  if (row?.status === "active") await applyStage(roomId, identity, row);
  else if (minted.role === "guest") await applyStage(roomId, identity, null);
}
