"use client";

import { useCallback, useEffect, useState } from "react";
import { createLocalVideoTrack, Room, Track, type LocalVideoTrack } from "livekit-client";
import { SECOND_CAMERA } from "@/lib/media/identities";

/**
 * Multi-camera: a second camera published beside the first, as a CAMERA-source track named `camera-2`
 * (lib/media/identities.ts), so players and the layout tell it apart. Stops when the room goes.
 */
export function useSecondCamera(room: Room | null) {
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [deviceId, setDeviceId] = useState<string>("");
  // The track with the room it went out on: a new room (a reconnect, the end) leaves it behind.
  const [pub, setPub] = useState<{ track: LocalVideoTrack; room: Room } | null>(null);
  const track = pub && pub.room === room ? pub.track : null;

  useEffect(() => {
    void Room.getLocalDevices("videoinput").then(setDevices).catch(() => undefined);
  }, []);

  useEffect(() => {
    if (!pub || pub.room === room) return;
    pub.track.stop();
  }, [room, pub]);

  const start = useCallback(async () => {
    if (!room || track) return;
    const t = await createLocalVideoTrack({ deviceId: deviceId || undefined, resolution: { width: 640, height: 360, frameRate: 24 } });
    await room.localParticipant.publishTrack(t, { source: Track.Source.Camera, name: SECOND_CAMERA, simulcast: true });
    setPub({ track: t, room });
  }, [room, track, deviceId]);

  const stop = useCallback(async () => {
    if (!track) return;
    await room?.localParticipant.unpublishTrack(track, true).catch(() => undefined);
    track.stop();
    setPub(null);
  }, [room, track]);

  return { devices, deviceId, setDeviceId, track, start, stop };
}
