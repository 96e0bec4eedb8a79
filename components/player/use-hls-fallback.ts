"use client";

import { useEffect, useState, useSyncExternalStore } from "react";
import { useQuery } from "@tanstack/react-query";
import { paths } from "@/lib/client/endpoints";
import { fetchStreamRecording, recordingKeys } from "@/lib/query/recordings";
import type { Phase } from "@/components/player/use-live-room";

/** How long WebRTC may keep "connecting" before the player switches to HLS. */
const CONNECT_PATIENCE_MS = 10_000;

const noop = () => () => undefined;
const askedForHls = () => new URLSearchParams(window.location.search).get("player") === "hls";

/**
 * Where WebRTC is blocked (UDP and TCP to the SFU refused, some proxies), the player falls back to the
 * stream's HLS rendition: when the connection fails, or keeps connecting past the patience. `?player=hls`
 * asks for it directly. Once the stream ended, it looks up the recording, if one was kept, to offer it.
 */
export function useHlsFallback(o: { streamId: string; roomId?: string; status: string; phase: Phase }): { hlsSrc: string | null; recordingId: string | null } {
  const [switched, setSwitched] = useState(false);
  const asked = useSyncExternalStore(noop, askedForHls, () => false);
  const hls = switched || asked;
  const live = o.status === "live" || o.status === "paused";

  useEffect(() => {
    if (!o.roomId || hls || !live || (o.phase !== "error" && o.phase !== "connecting")) return;
    // Once switched it stays on HLS: flapping between the two would be worse than a few seconds of delay.
    const t = setTimeout(() => setSwitched(true), o.phase === "error" ? 0 : CONNECT_PATIENCE_MS);
    return () => clearTimeout(t);
  }, [o.phase, o.roomId, hls, live]);

  const rec = useQuery({ queryKey: recordingKeys.ofStream(o.streamId), queryFn: () => fetchStreamRecording(o.streamId), enabled: o.status === "ended", refetchInterval: (q) => (q.state.data || q.state.dataUpdateCount > 12 ? false : 10_000) });
  return { hlsSrc: hls && live && o.roomId ? paths.hls(o.roomId) : null, recordingId: rec.data?.id ?? null };
}
