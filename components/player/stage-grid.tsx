"use client";

import type { RemoteTrackPublication } from "livekit-client";
import type { Arranged, Tile } from "@/lib/guests/stage-layout";
import { useAttachedTrack } from "@/components/guests/use-attached-track";

function label(t: Tile<RemoteTrackPublication>): string {
  const who = t.host ? "Host" : "Guest";
  return t.source === "screen" ? `${who} · screen` : t.source === "camera-2" ? `${who} · camera 2` : who;
}

function TileVideo({ tile, primary, className }: { tile: Tile<RemoteTrackPublication>; primary: boolean; className: string }) {
  const setEl = useAttachedTrack<HTMLVideoElement>(tile.media.track);
  return (
    <div className={`relative overflow-hidden bg-black ${className}`}>
      <video ref={setEl} data-testid="stage-tile" data-tile={tile.key} data-primary={primary ? "true" : "false"} className="h-full w-full object-contain" autoPlay playsInline muted />
      <span className="absolute bottom-1 left-1 rounded bg-black/60 px-1.5 text-[11px]">{label(tile)}</span>
    </div>
  );
}

const SIDE = ["grid-cols-1", "grid-cols-2", "grid-cols-3"];
const COLS = ["grid-cols-1", "grid-cols-2", "grid-cols-2", "grid-cols-2", "grid-cols-3", "grid-cols-3", "grid-cols-3", "grid-cols-3", "grid-cols-3"];

/**
 * Host and guests as the host's layout puts them: spotlight (the primary fills the picture, the others in a
 * strip), side by side (equal columns), grid (equal tiles, as square as the count allows).
 */
export function StageGrid({ stage }: { stage: Arranged<RemoteTrackPublication> }) {
  const { mode, primary, others } = stage;
  if (!primary) return null;
  if (mode === "spotlight") {
    return (
      <div className="absolute inset-0" data-testid="stage" data-mode={mode}>
        <TileVideo tile={primary} primary className="h-full w-full" />
        {others.length ? (
          <div className="absolute bottom-14 right-3 flex w-2/3 justify-end gap-2">
            {others.map((t) => (
              <TileVideo key={`${t.key}:${t.media.trackSid}`} tile={t} primary={false} className="aspect-video w-1/4 rounded-lg border border-white/20 shadow-xl" />
            ))}
          </div>
        ) : null}
      </div>
    );
  }
  const all = [primary, ...others];
  const cols = mode === "side_by_side" ? SIDE[Math.min(all.length, SIDE.length) - 1] : COLS[Math.min(all.length, COLS.length) - 1];
  return (
    <div className={`absolute inset-0 grid auto-rows-fr gap-1 ${cols}`} data-testid="stage" data-mode={mode}>
      {all.map((t, i) => (
        <TileVideo key={`${t.key}:${t.media.trackSid}`} tile={t} primary={i === 0} className="h-full w-full" />
      ))}
    </div>
  );
}
