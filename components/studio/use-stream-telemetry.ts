"use client";

import { useEffect, useRef } from "react";
import type { LocalVideoTrack } from "livekit-client";
import { EnhancedLiveStreamClient, LiveStreamError } from "@/lib/client/enhanced-live-stream-client";
import type { Stats } from "@/components/studio/use-broadcast";

const EVERY_MS = 5000;
const STOP = new Set(["FORBIDDEN", "NOT_FOUND", "VALIDATION_ERROR", "UNAUTHENTICATED", "STREAM_NOT_LIVE"]);

/** Frames the camera's track discarded so far (Chromium's MediaStreamTrack stats), when the browser says. */
function discardedFrames(track: LocalVideoTrack | undefined): number | undefined {
  const stats = (track?.mediaStreamTrack as (MediaStreamTrack & { stats?: { discardedFrames?: number } }) | undefined)?.stats;
  return typeof stats?.discardedFrames === "number" ? stats.discardedFrames : undefined;
}

/**
 * While the studio broadcasts a stream that is on air, reports its upload quality to the server every 5 s
 * (`update_stream_metrics`: bitrate, frame rate, packet loss, round trip, frames dropped since the last
 * report), for the stream's analytics. A refusal other than a rate limit stops the reports.
 */
export function useStreamTelemetry(streamId: string, enabled: boolean, stats: Stats | null, camera: LocalVideoTrack | undefined) {
  const latest = useRef({ stats, camera });
  useEffect(() => {
    latest.current = { stats, camera };
  }, [stats, camera]);

  useEffect(() => {
    if (!enabled) return;
    const client = new EnhancedLiveStreamClient();
    let lastDiscarded = discardedFrames(latest.current.camera);
    let stopped = false;
    const timer = setInterval(() => {
      const { stats: s, camera: cam } = latest.current;
      if (!s || stopped) return;
      const discarded = discardedFrames(cam);
      const droppedFrames = discarded !== undefined && lastDiscarded !== undefined ? Math.max(0, discarded - lastDiscarded) : undefined;
      lastDiscarded = discarded;
      const metrics = { bitrateKbps: s.bitrateKbps, fps: s.fps, packetLoss: s.packetLoss, ...(s.rttMs !== null ? { rttMs: s.rttMs } : {}), ...(droppedFrames !== undefined ? { droppedFrames } : {}) };
      client.updateStreamMetrics(streamId, metrics).catch((err: unknown) => {
        // A rate limit or a dropped connection passes; a refusal (not the host, bad input, stream gone) is final.
        if (err instanceof LiveStreamError && STOP.has(err.code)) stopped = true;
      });
    }, EVERY_MS);
    return () => {
      clearInterval(timer);
      client.disconnect();
    };
  }, [streamId, enabled]);
}
