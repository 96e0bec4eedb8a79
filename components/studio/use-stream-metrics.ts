"use client";

import { useEffect, useRef } from "react";
import { EnhancedLiveStreamClient } from "@/lib/client/enhanced-live-stream-client";
import type { Stats } from "@/components/studio/use-broadcast";

const EVERY_MS = 5000;

/**
 * While the studio publishes a live stream, reports its sender stats to the server every 5 s
 * (`update_stream_metrics`: the stream's quality series in analytics). Dropped frames go as the change
 * since the previous report. Best effort: a refused or lost report is not retried.
 */
export function useStreamMetrics(streamId: string, stats: Stats | null, live: boolean): void {
  const latest = useRef<Stats | null>(null);
  const publishing = live && stats !== null;

  useEffect(() => {
    latest.current = stats;
  }, [stats]);

  useEffect(() => {
    if (!publishing) return;
    const client = new EnhancedLiveStreamClient();
    let reported: number | null = null;
    const timer = setInterval(() => {
      const s = latest.current;
      if (!s) return;
      const dropped = reported === null ? 0 : Math.max(0, s.droppedFrames - reported);
      reported = s.droppedFrames;
      const metrics = { bitrateKbps: s.bitrateKbps, fps: s.fps, droppedFrames: dropped, packetLoss: s.packetLoss, ...(s.rttMs === null ? {} : { rttMs: s.rttMs }) };
      void client.updateStreamMetrics(metrics, streamId).catch(() => undefined);
    }, EVERY_MS);
    return () => {
      clearInterval(timer);
      client.disconnect();
    };
  }, [streamId, publishing]);
}
