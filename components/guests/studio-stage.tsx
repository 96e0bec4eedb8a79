"use client";

import { useEffect, useState } from "react";
import { RoomEvent, type Room, type RemoteTrackPublication } from "livekit-client";
import { isHostMedia } from "@/lib/media/identities";
import type { Layout } from "@/lib/guests/schemas";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { useStage } from "@/components/guests/use-stage";
import { useAttachedTrack } from "@/components/guests/use-attached-track";
import { StagePanel } from "@/components/guests/stage-panel";
import { LayoutPicker } from "@/components/guests/layout-picker";
import { useSecondCamera } from "@/components/guests/use-second-camera";

function GuestVideo({ pub, label }: { pub: RemoteTrackPublication; label: string }) {
  const setEl = useAttachedTrack<HTMLVideoElement>(pub.track);
  return (
    <div className="relative aspect-video overflow-hidden rounded-lg bg-black">
      <video ref={setEl} data-testid="studio-guest-video" className="h-full w-full object-contain" autoPlay playsInline muted />
      <span className="absolute bottom-1 left-1 rounded bg-black/60 px-1.5 text-xs">{label}</span>
    </div>
  );
}

/** A guest's voice: the host talks with the panel, so the studio plays what the guests say. */
function GuestAudio({ pub }: { pub: RemoteTrackPublication }) {
  const setEl = useAttachedTrack<HTMLAudioElement>(pub.track);
  return <audio ref={setEl} autoPlay />;
}

/** Guests' media as the host's studio connection receives them (guests hear the host; the host sees and hears them). */
function useGuestVideos(room: Room | null, hostId: string) {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!room) return;
    const bump = () => setTick((t) => t + 1);
    room.on(RoomEvent.TrackSubscribed, bump).on(RoomEvent.TrackUnsubscribed, bump).on(RoomEvent.ParticipantDisconnected, bump);
    return () => {
      room.off(RoomEvent.TrackSubscribed, bump).off(RoomEvent.TrackUnsubscribed, bump).off(RoomEvent.ParticipantDisconnected, bump);
    };
  }, [room]);
  const guests = [...(room?.remoteParticipants.values() ?? [])].filter((p) => !isHostMedia(p.identity, hostId));
  return {
    videos: guests.flatMap((p) => [...p.videoTrackPublications.values()].filter((v) => v.track).map((pub) => ({ pub, name: p.name || p.identity }))),
    audios: guests.flatMap((p) => [...p.audioTrackPublications.values()].filter((a) => a.track)),
  };
}

/** The studio's stage: guests' videos, the guest panel, the layout and the second camera. */
export function StudioStage({ streamId, hostId, room, initialLayout, me }: { streamId: string; hostId: string; room: Room | null; initialLayout: Layout; me: string }) {
  const toast = useToast();
  const stage = useStage(streamId, initialLayout, me);
  const { videos, audios } = useGuestVideos(room, hostId);
  const cam2 = useSecondCamera(room);
  const run = (p: Promise<unknown>) => void p.catch((e: unknown) => toast.show(`Second camera: ${e instanceof Error ? e.message : String(e)}`, "error"));
  return (
    <>
      {videos.length ? (
        <section aria-label="Guests on stage" className="grid grid-cols-2 gap-2 sm:grid-cols-3">
          {videos.map((v) => (
            <GuestVideo key={v.pub.trackSid} pub={v.pub} label={v.name} />
          ))}
        </section>
      ) : null}
      {audios.map((a) => (
        <GuestAudio key={a.trackSid} pub={a} />
      ))}
      <StagePanel streamId={streamId} stage={stage} />
      <LayoutPicker streamId={streamId} hostId={hostId} layout={stage.layout} guests={stage.guests} />
      <section aria-labelledby="cam2" className="flex flex-col gap-2 rounded-xl border border-border bg-surface p-4">
        <h2 id="cam2" className="font-semibold">
          Second camera
        </h2>
        <label className="text-sm">
          Device
          <select className="w-full rounded-lg border border-border bg-bg px-3 py-2 text-sm" value={cam2.deviceId} onChange={(e) => cam2.setDeviceId(e.target.value)} disabled={Boolean(cam2.track)}>
            <option value="">Default</option>
            {cam2.devices.map((d) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label || "Camera"}
              </option>
            ))}
          </select>
        </label>
        <Button variant="secondary" disabled={!room} aria-pressed={Boolean(cam2.track)} onClick={() => run(cam2.track ? cam2.stop() : cam2.start())}>
          {cam2.track ? "Stop camera 2" : room ? "Publish camera 2" : "Go live to add a camera"}
        </Button>
      </section>
    </>
  );
}
