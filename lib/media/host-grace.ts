import { config } from "@/lib/config";
import { connectDb } from "@/lib/db/connection";
import { StreamModel, type StreamDoc } from "@/lib/db/models/stream.model";
import { log } from "@/lib/logger";
import { ON_AIR_STATUSES } from "@/lib/streams/status";
import { endStreamBySystem } from "@/lib/streams/change-status";
import { pruneWebhookEvents } from "@/lib/media/webhook-retention";
import { hostIn } from "@/lib/media/media-server-recovery";
import { mediaServerUp } from "@/lib/livekit/availability";

const SWEEP_MS = 15_000;
const PRUNE_MS = 3_600_000;

/** Ends on-air streams whose host's media connection has been gone longer than the grace period. */
export async function endAbandonedStreams(now = Date.now()): Promise<string[]> {
  await connectDb();
  const cutoff = new Date(now - config().HOST_GRACE_SECONDS * 1000);
  const stale = await StreamModel.find({ status: { $in: ON_AIR_STATUSES }, "media.hostDisconnectedAt": { $lte: cutoff } }, { _id: 1 }).limit(100).lean<StreamDoc[]>();
  const ended: string[] = [];
  for (const s of stale) {
    try {
      await endStreamBySystem(s._id.toString(), "host_disconnected");
      ended.push(s._id.toString());
    } catch (err) {
      log.warn("could not end abandoned stream", { streamId: s._id.toString(), err: String(err) });
    }
  }
  return ended;
}

/**
 * Ends on-air streams whose host's media never came: started STREAM_IDLE_END_SECONDS ago (30 minutes, the
 * spec's clean-up of inactive streams) and never connected since. Before this, such a stream stayed "live"
 * for good: listed, counted, its recorder waiting. LiveKit is asked first: a webhook lost while the host
 * joined leaves `hostConnected` false on a stream that is broadcasting, and is set right instead; a stream
 * LiveKit cannot answer for is left alone until it can.
 */
export async function endIdleStreams(now = Date.now()): Promise<string[]> {
  // LiveKit down: no host can be found absent (and every lookup would wait for its failure).
  if (!mediaServerUp()) return [];
  await connectDb();
  const cutoff = new Date(now - config().STREAM_IDLE_END_SECONDS * 1000);
  const idle = await StreamModel.find(
    { status: { $in: ON_AIR_STATUSES }, "media.hostConnected": { $ne: true }, "media.hostDisconnectedAt": { $exists: false }, startedAt: { $lte: cutoff } },
    { _id: 1, roomId: 1, host: 1 },
  )
    .limit(100)
    .lean<StreamDoc[]>();
  const ended: string[] = [];
  for (const s of idle) {
    const id = s._id.toString();
    try {
      if (await hostIn(s.roomId, s.host.toString())) {
        await StreamModel.updateOne({ _id: id, "media.hostDisconnectedAt": { $exists: false } }, { $set: { "media.hostConnected": true } });
        continue;
      }
      await endStreamBySystem(id, "no_media");
      ended.push(id);
    } catch (err) {
      log.warn("could not end a stream whose media never came", { streamId: id, err: String(err) });
    }
  }
  return ended;
}

/** A check just after the grace period of a host that just left (the periodic sweep covers restarts). */
export function scheduleGraceCheck(): void {
  setTimeout(() => void endAbandonedStreams().catch(() => undefined), (config().HOST_GRACE_SECONDS + 1) * 1000).unref();
}

/**
 * Started by server.ts: sweeps every 15 s (hosts gone past the grace, streams whose media never came), so a
 * restart never leaves an abandoned stream live; and prunes old webhook-event records, which nothing else
 * would ever delete, 15 s after start and then hourly.
 */
export function startGraceSweeper(): () => void {
  const sweep = setInterval(() => {
    void endAbandonedStreams().catch((err: unknown) => log.warn("grace sweep failed", { err: String(err) }));
    void endIdleStreams().catch((err: unknown) => log.warn("idle sweep failed", { err: String(err) }));
  }, SWEEP_MS);
  const prune = () => void pruneWebhookEvents().catch((err: unknown) => log.warn("webhook-event pruning failed", { err: String(err) }));
  const pruning = setInterval(prune, PRUNE_MS);
  const first = setTimeout(prune, SWEEP_MS);
  for (const t of [sweep, pruning, first]) t.unref();
  return () => {
    clearInterval(sweep);
    clearInterval(pruning);
    clearTimeout(first);
  };
}
