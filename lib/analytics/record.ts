import "server-only";
import { connectDb } from "@/lib/db/connection";
import { StreamModel, type StreamDoc } from "@/lib/db/models/stream.model";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/logger";
import type { Actor } from "@/lib/accounts/authenticate";
import { assertCan, streamSnapshot } from "@/lib/access";
import { sharedLimit } from "@/lib/realtime/shared-limit";
import { isOnAir, ON_AIR_STATUSES } from "@/lib/streams/status";
import { analyticsBuffer, type Counters } from "@/lib/analytics/buffer";
import type { StreamMetricsInput } from "@/lib/analytics/schemas";

type Engagement = Partial<Pick<Counters, "chatMessages" | "reactions" | "likes" | "follows">>;

/**
 * Counts engagement in the stream's current minute while it is on air. Callers pass counts they already
 * keep (the chat buffer's per-stream batch), so nothing is counted twice; never throws into their path.
 */
export function recordEngagement(streamId: string, add: Engagement): void {
  void streamSnapshot(streamId)
    .then((snap) => {
      if (isOnAir(snap.status)) analyticsBuffer.count(streamId, snap.hostId, Date.now(), add);
    })
    .catch((err: unknown) => log.warn("analytics engagement not counted", { streamId, err: String(err) }));
}

/** A new follower of a channel counts for the stream it has on air, if any. */
export async function recordFollow(hostId: string): Promise<void> {
  try {
    await connectDb();
    const s = await StreamModel.findOne({ host: hostId, status: { $in: ON_AIR_STATUSES } }, { _id: 1 }).lean<StreamDoc>();
    if (s) analyticsBuffer.count(s._id.toString(), hostId, Date.now(), { follows: 1 });
  } catch (err) {
    log.warn("analytics follow not counted", { hostId, err: String(err) });
  }
}

const metricsLimit = () => sharedLimit({ name: "stream-metrics", points: 1, durationSec: 2 });

/**
 * `update_stream_metrics`: the host's studio reports its publisher's WebRTC stats (every 5 s); they are kept
 * as the minute's averages (dropped frames as the minute's sum). Host only, on air only, one report per 2 s
 * per stream (RATE_LIMITED beyond, on any app process).
 */
export async function updateStreamMetrics(actor: Actor | null, input: StreamMetricsInput): Promise<{ accepted: true }> {
  const snap = await streamSnapshot(input.streamId);
  await assertCan(actor, "stream.manage", snap);
  if (!isOnAir(snap.status)) throw new AppError("STREAM_NOT_LIVE", "Metrics are taken while the stream is on air");
  await metricsLimit().consume(input.streamId, "One metrics report per 2 seconds");
  const m = input.metrics;
  analyticsBuffer.quality(snap.id, snap.hostId, Date.now(), { bitrateKbps: m.bitrateKbps ?? 0, fps: m.fps ?? 0, droppedFrames: m.droppedFrames ?? 0, packetLoss: m.packetLoss ?? 0, rttMs: m.rttMs ?? 0 });
  return { accepted: true };
}
