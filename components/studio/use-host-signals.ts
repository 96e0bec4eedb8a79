"use client";

import { useEffect, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { EnhancedLiveStreamClient } from "@/lib/client/enhanced-live-stream-client";
import { streamKeys } from "@/lib/query/streams";
import type { StreamStatusEvent } from "@/lib/streams/schemas";

/** What the host's pages know of each stream's incoming media, from the server's events. */
export type EncoderSignal = "connected" | "reconnecting";

const STATUS_EVENTS = ["stream_started", "stream_paused", "stream_resumed", "stream_ended"] as const;

/**
 * The host's own live feed: one socket (signed in with the session cookie, so it is in the host's personal
 * room, `user:<id>`) that hears every one of the host's streams start, pause, resume and end, and their
 * media connect and drop. Status changes go straight into the query cache, so a stream that OBS put live
 * shows as live on the dashboard and in the studio without a reload.
 */
export function useHostSignals(): Record<string, EncoderSignal> {
  const qc = useQueryClient();
  const [signals, setSignals] = useState<Record<string, EncoderSignal>>({});

  useEffect(() => {
    const client = new EnhancedLiveStreamClient();
    const set = (streamId: string, s: EncoderSignal) => setSignals((m) => (m[streamId] === s ? m : { ...m, [streamId]: s }));
    const onStatus = (ev: StreamStatusEvent) => {
      if (ev.stream) qc.setQueryData(streamKeys.detail(ev.streamId), ev.stream);
      if (ev.status === "live") set(ev.streamId, "connected");
      void qc.invalidateQueries({ queryKey: streamKeys.mine });
    };
    const offs = [
      ...STATUS_EVENTS.map((e) => client.on(e, onStatus)),
      client.on("host_connected", (d) => set(d.streamId, "connected")),
      client.on("host_reconnecting", (d) => set(d.streamId, "reconnecting")),
      client.on("host_disconnected", (d) => setSignals((m) => Object.fromEntries(Object.entries(m).filter(([k]) => k !== d.streamId)))),
      // Events missed while the socket was down: catch up from the server.
      client.on("connected", () => void qc.invalidateQueries({ queryKey: streamKeys.all })),
    ];
    client.connect().catch(() => undefined);
    return () => {
      offs.forEach((off) => off());
      client.disconnect();
    };
  }, [qc]);

  return signals;
}
