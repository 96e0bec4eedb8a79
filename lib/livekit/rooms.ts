import type { TrackSource } from "livekit-server-sdk";
import { roomService } from "@/lib/livekit/client";
import { noteMediaServerFailure } from "@/lib/livekit/availability";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/logger";

/** Rooms close themselves this long after the last participant leaves. */
export const ROOM_EMPTY_TIMEOUT_S = 600;
export const ROOM_MAX_PARTICIPANTS = 10_000;

/** Creates (or finds) the stream's LiveKit room; the SFU being down is MEDIA_SERVER_UNAVAILABLE. */
export async function ensureRoom(roomId: string, metadata: Record<string, unknown>): Promise<void> {
  try {
    await roomService().createRoom({ name: roomId, emptyTimeout: ROOM_EMPTY_TIMEOUT_S, departureTimeout: 30, maxParticipants: ROOM_MAX_PARTICIPANTS, metadata: JSON.stringify(metadata) });
  } catch (err) {
    log.error("livekit createRoom failed", { roomId, err: String(err) });
    noteMediaServerFailure();
    throw new AppError("MEDIA_SERVER_UNAVAILABLE", "The media server is not reachable; try again shortly");
  }
}

/** Deletes the room, which disconnects everyone in it. A room that is already gone is fine. */
export async function closeRoom(roomId: string): Promise<void> {
  try {
    await roomService().deleteRoom(roomId);
  } catch (err) {
    const msg = String(err);
    if (!/not.?found|404/i.test(msg)) log.warn("livekit deleteRoom failed", { roomId, err: msg });
  }
}

/**
 * Disconnects one participant (e.g. an encoder whose key was rotated). Not in the room is fine; an SFU that
 * cannot be reached is logged, not thrown: the caller's change stands, and a new connection needs the new key.
 */
export async function removeParticipant(roomId: string, identity: string): Promise<boolean> {
  try {
    await roomService().removeParticipant(roomId, identity);
    return true;
  } catch (err) {
    const msg = String(err);
    if (!/not.?found|404|does not exist/i.test(msg)) log.warn("livekit removeParticipant failed", { roomId, identity, err: msg });
    return false;
  }
}

/**
 * Takes every permission from a participant: the SFU stops forwarding media to and from it at once, so a
 * removal that races with something else (a reconnect) still leaves it with nothing. False when it is not there.
 */
export async function revokePermissions(roomId: string, identity: string): Promise<boolean> {
  try {
    await roomService().updateParticipant(roomId, identity, undefined, { canSubscribe: false, canPublish: false, canPublishData: false, canPublishSources: [], canUpdateMetadata: false });
    return true;
  } catch (err) {
    const msg = String(err);
    if (!/not.?found|404|does not exist/i.test(msg)) log.warn("livekit updateParticipant failed", { roomId, identity, err: msg });
    return false;
  }
}

/** What a participant may do, as LiveKit's permission update wants it: every field given (omitted ones read as false). */
export type MediaPermission = { canSubscribe: boolean; canPublish: boolean; canPublishData: boolean; canPublishSources: TrackSource[] };

/**
 * Changes a connected participant's permissions at once: LiveKit stops forwarding what is no longer allowed
 * and lets the client publish what now is, without reconnecting. False when it is not in the room.
 */
export async function setPermissions(roomId: string, identity: string, p: MediaPermission): Promise<boolean> {
  try {
    await roomService().updateParticipant(roomId, identity, undefined, { ...p, hidden: false, canUpdateMetadata: false });
    return true;
  } catch (err) {
    const msg = String(err);
    if (!/not.?found|404|does not exist/i.test(msg)) log.warn("livekit updateParticipant failed", { roomId, identity, err: msg });
    return false;
  }
}

/** Mutes every track a participant publishes from these sources (LiveKit will not unmute remotely). How many were muted. */
export async function muteTracks(roomId: string, identity: string, sources: TrackSource[]): Promise<number> {
  let p;
  try {
    p = await roomService().getParticipant(roomId, identity);
  } catch {
    return 0;
  }
  const tracks = p.tracks.filter((t) => sources.includes(t.source) && !t.muted);
  // A track unpublished in the meantime is no failure of the mute.
  const done = await Promise.allSettled(tracks.map((t) => roomService().mutePublishedTrack(roomId, identity, t.sid, true)));
  for (const d of done) if (d.status === "rejected") log.warn("livekit mutePublishedTrack failed", { roomId, identity, err: String(d.reason) });
  return done.filter((d) => d.status === "fulfilled").length;
}
