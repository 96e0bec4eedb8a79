"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { Track } from "livekit-client";
import type { StreamView } from "@/lib/streams/schemas";
import { LiveStreamError } from "@/lib/client/api";
import { endpoints } from "@/lib/client/endpoints";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { mine, useStage } from "@/components/guests/use-stage";
import { useGuestMedia } from "@/components/guests/use-guest-media";
import { useAttachedTrack } from "@/components/guests/use-attached-track";

/** Shows one track (video or audio) for as long as both exist. */
function Media({ track, kind, testId, label }: { track: Track | undefined; kind: "video" | "audio"; testId?: string; label?: string }) {
  const setEl = useAttachedTrack<HTMLMediaElement>(track);
  if (kind === "audio") return <audio ref={setEl} autoPlay />;
  return (
    <div className="relative aspect-video overflow-hidden rounded-xl bg-black">
      <video ref={setEl} data-testid={testId} className="h-full w-full object-contain" autoPlay playsInline muted />
      {label ? <span className="absolute bottom-1 left-1 rounded bg-black/60 px-1.5 text-xs">{label}</span> : null}
    </div>
  );
}

/**
 * The guest room: the guest's own camera going out, the host and the other guests coming in, and the
 * controls the host's permissions allow (microphone, camera), plus leaving the stage.
 */
export function GuestRoom({ stream, me }: { stream: StreamView; me: string }) {
  const toast = useToast();
  const router = useRouter();
  const stage = useStage(stream.id, stream.layout, me);
  const row = mine(stage.guests, me);
  const [want, setWant] = useState({ camera: true, microphone: true });
  const onStage = row?.status === "active" ? row.permissions : null;
  const media = useGuestMedia(stream.id, onStage, want);

  const [sharing, setSharing] = useState(false);

  async function toggleScreen() {
    const room = media.room;
    if (!room) return;
    try {
      await room.localParticipant.setScreenShareEnabled(!sharing, { audio: true });
      setSharing(!sharing);
    } catch (err) {
      toast.show(`Screen share failed: ${err instanceof Error ? err.message : String(err)}`, "error");
    }
  }

  async function leave() {
    try {
      await endpoints.guests.remove(stream.id, me);
      router.push(`/watch/${stream.id}`);
    } catch (err) {
      toast.show(err instanceof LiveStreamError ? err.message : "Could not leave the stage", "error");
    }
  }

  const gone = media.ended ?? stage.removedReason ?? (stage.loaded && !onStage ? "You are not on this stream's stage" : null);
  const audio = [...(media.room?.remoteParticipants.values() ?? [])].flatMap((p) => [...p.audioTrackPublications.values()]).filter((p) => p.track);

  return (
    <div className="flex flex-col gap-4" data-testid="guest-room" data-state={gone ? "off" : media.room ? "on" : "joining"}>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="min-w-0 flex-1 truncate text-2xl font-bold">
          {stream.title} <span className="text-base font-normal text-muted">· guest room</span>
        </h1>
        {row?.status === "active" && !gone ? <span className="rounded-lg bg-live px-3 py-1 text-sm font-bold text-white">● ON STAGE</span> : null}
      </div>
      {gone ? (
        <div role="status" className="rounded-xl border border-border bg-surface p-4" data-testid="guest-room-ended">
          <p className="font-semibold">{gone}</p>
          <Link href={`/watch/${stream.id}`} className="text-sm text-accent hover:underline">
            Back to the stream
          </Link>
        </div>
      ) : (
        <>
          <div className="grid gap-3 sm:grid-cols-2">
            <Media kind="video" track={media.camera?.track} testId="guest-preview" label="You" />
            {media.remote.map((r) => (
              <Media key={r.key} kind="video" track={r.pub.track} label={r.identity === stream.host.id || r.identity.startsWith(`${stream.host.id}:`) ? stream.host.displayName : "Guest"} />
            ))}
          </div>
          {audio.map((p) => (
            <Media key={p.trackSid} kind="audio" track={p.track} />
          ))}
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" aria-pressed={!want.microphone} disabled={!onStage?.microphone} onClick={() => setWant((w) => ({ ...w, microphone: !w.microphone }))}>
              {!onStage?.microphone ? "Microphone not allowed" : want.microphone ? "Mute mic" : "Unmute mic"}
            </Button>
            <Button variant="secondary" aria-pressed={!want.camera} disabled={!onStage?.camera} onClick={() => setWant((w) => ({ ...w, camera: !w.camera }))}>
              {!onStage?.camera ? "Camera not allowed" : want.camera ? "Camera off" : "Camera on"}
            </Button>
            {onStage?.screenShare ? (
              <Button variant="secondary" aria-pressed={sharing} disabled={!media.room} onClick={() => void toggleScreen()}>
                {sharing ? "Stop sharing" : "Share screen"}
              </Button>
            ) : null}
            {media.audioBlocked ? (
              <Button onClick={() => void media.room?.startAudio()}>🔊 Enable sound</Button>
            ) : null}
            <Button variant="danger" onClick={() => void leave()} data-testid="leave-stage">
              Leave the stage
            </Button>
          </div>
        </>
      )}
    </div>
  );
}
