"use client";

import { useEffect, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { AnalyticsUpdate, StreamAnalytics } from "@/lib/analytics/schemas";
import { EnhancedLiveStreamClient, LiveStreamError } from "@/lib/client/enhanced-live-stream-client";
import { applyUpdate } from "@/lib/client/analytics";
import { analyticsKeys } from "@/lib/query/analytics";
import { useToast } from "@/components/ui/toast";

export type LiveState = { status: "connecting" | "live" | "error"; at: string | null };

/**
 * While the stream is on air, follows its `analytics_update` (socket `watch_analytics`) and merges each one
 * into the report TanStack Query holds, so cards and charts move without a reload. The SDK watches again
 * after a reconnect.
 */
export function useLiveAnalytics(streamId: string, onAir: boolean): LiveState {
  const qc = useQueryClient();
  const toast = useToast();
  const [state, setState] = useState<LiveState>({ status: "connecting", at: null });
  useEffect(() => {
    if (!onAir) return;
    const client = new EnhancedLiveStreamClient();
    const apply = (u: AnalyticsUpdate) => {
      if (u.streamId !== streamId) return;
      qc.setQueryData<StreamAnalytics>(analyticsKeys.stream(streamId), (r) => (r ? applyUpdate(r, u) : r));
      setState({ status: "live", at: u.at });
    };
    const offs = [
      client.on("analytics_update", apply),
      // The owner's socket is in their own room, where their streams' status changes arrive: read the report again.
      ...(["stream_paused", "stream_resumed", "stream_ended"] as const).map((e) =>
        client.on(e, (d) => {
          if (d.streamId === streamId) void qc.invalidateQueries({ queryKey: analyticsKeys.stream(streamId) });
        }),
      ),
      client.on("disconnected", () => setState((s) => ({ ...s, status: "connecting" }))),
      client.on("connected", () => setState((s) => ({ ...s, status: s.at ? "live" : "connecting" }))),
      client.on("stream_error", (e) => {
        if (e.event !== "watch_analytics") return;
        setState((s) => ({ ...s, status: "error" }));
        toast.show(`Live updates stopped: ${e.message}`, "error");
      }),
    ];
    client.watchAnalytics(streamId).then(
      apply,
      (err: unknown) => {
        setState((s) => ({ ...s, status: "error" }));
        toast.show(`Live updates are unavailable: ${err instanceof LiveStreamError ? err.message : "could not connect"}`, "error");
      },
    );
    return () => {
      offs.forEach((off) => off());
      client.disconnect();
    };
  }, [streamId, onAir, qc, toast]);
  return state;
}
