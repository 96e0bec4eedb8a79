"use client";

import { useEffect, useState } from "react";
import { DisconnectReason, Room, RoomEvent, Track, type LocalTrackPublication, type RemoteTrackPublication } from "livekit-client";
import { LiveStreamError } from "@/lib/client/api";
import { endpoints } from "@/lib/client/endpoints";
import type { GuestPermissions } from "@/lib/guests/schemas";

export type GuestMedia = {
  room: Room | null;
  /** Why the connection ended or could not start, for the page to say. */
  ended: string | null;
  camera: LocalTrackPublication | null;
  remote: { key: string; identity: string; pub: RemoteTrackPublication }[];
  /** The browser holds sound back until a click (autoplay rules): the page offers one. */
  audioBlocked: boolean;
};

/**
 * The guest's connection to the stage: joins with a guest token and publishes camera and microphone as the
 * host allows. The allowance can change while connected (LiveKit updates the participant's permission and
 * this follows the guest row): a camera the host switches on starts at once, one switched off stops.
 */
export function useGuestMedia(streamId: string, allowed: GuestPermissions | null, want: { camera: boolean; microphone: boolean }): GuestMedia {
  const [room, setRoom] = useState<Room | null>(null);
  const [ended, setEnded] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const onStage = allowed !== null;

  useEffect(() => {
    if (!onStage) return;
    let cancelled = false;
    const r = new Room({ adaptiveStream: true, dynacast: true, videoCaptureDefaults: { resolution: { width: 640, height: 360, frameRate: 24 } } });
    const bump = () => setTick((t) => t + 1);
    r.on(RoomEvent.TrackSubscribed, bump)
      .on(RoomEvent.TrackUnsubscribed, bump)
      .on(RoomEvent.LocalTrackPublished, bump)
      .on(RoomEvent.LocalTrackUnpublished, bump)
      .on(RoomEvent.ParticipantDisconnected, bump)
      .on(RoomEvent.AudioPlaybackStatusChanged, bump)
      .on(RoomEvent.Disconnected, (reason) => {
        if (cancelled) return;
        setRoom(null);
        setEnded(reason === DisconnectReason.PARTICIPANT_REMOVED ? "You were taken off the stage" : reason === DisconnectReason.ROOM_DELETED ? "The stream has ended" : "Disconnected from the stage");
      });
    endpoints.streams
      .mediaToken(streamId)
      .then(async (tok) => {
        if (tok.role !== "guest") throw new Error("You are not on this stream's stage");
        await r.connect(tok.url, tok.token);
        if (cancelled) return void r.disconnect();
        setRoom(r);
      })
      .catch((err: unknown) => !cancelled && setEnded(err instanceof LiveStreamError || err instanceof Error ? err.message : "Could not join the stage"));
    return () => {
      cancelled = true;
      void r.disconnect();
    };
  }, [streamId, onStage]);

  // What goes out: what the guest wants, within what the host allows (both can change at any time).
  const cameraOn = Boolean(room && allowed?.camera && want.camera);
  const micOn = Boolean(room && allowed?.microphone && want.microphone);
  useEffect(() => {
    if (!room) return;
    void room.localParticipant.setCameraEnabled(cameraOn).catch(() => undefined);
  }, [room, cameraOn]);
  useEffect(() => {
    if (!room) return;
    void room.localParticipant.setMicrophoneEnabled(micOn).catch(() => undefined);
  }, [room, micOn]);

  void tick;
  const camera = room?.localParticipant.getTrackPublication(Track.Source.Camera) ?? null;
  const remote = [...(room?.remoteParticipants.values() ?? [])].flatMap((p) =>
    [...p.videoTrackPublications.values()].filter((pub) => pub.track).map((pub) => ({ key: `${p.identity}:${pub.trackSid}`, identity: p.identity, pub })),
  );
  return { room, ended, camera, remote, audioBlocked: Boolean(room && !room.canPlaybackAudio) };
}
