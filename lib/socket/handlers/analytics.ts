import { handler, type EventHandler } from "@/lib/socket/dispatch";
import { getActor } from "@/lib/socket/socket-actor";
import { streamMetricsInput, watchAnalyticsInput } from "@/lib/analytics/schemas";
import { updateStreamMetrics } from "@/lib/analytics/record";
import { analyticsRoom, watchAnalytics } from "@/lib/analytics/live-updates";

/** update_stream_metrics (the host's studio telemetry), watch_analytics (the owner's live dashboard). */
export const analyticsEvents: Record<string, EventHandler> = {
  update_stream_metrics: handler(streamMetricsInput, (socket, input) => updateStreamMetrics(getActor(socket), input)),
  watch_analytics: handler(watchAnalyticsInput, async (socket, { streamId }) => {
    const update = await watchAnalytics(getActor(socket), streamId);
    await socket.join(analyticsRoom(streamId));
    return update;
  }),
};
