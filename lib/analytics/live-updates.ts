import "server-only";
import { config } from "@/lib/config";
import { connectDb } from "@/lib/db/connection";
import { StreamModel, type StreamDoc } from "@/lib/db/models/stream.model";
import { log } from "@/lib/logger";
import { processSingleton } from "@/lib/singleton";
import type { Actor } from "@/lib/accounts/authenticate";
import { publish } from "@/lib/realtime/emitter";
import { redisClient } from "@/lib/realtime/redis";
import { analyticsBuffer, minuteOf } from "@/lib/analytics/buffer";
import { assertCanViewAnalytics, liveTotals, loadStream } from "@/lib/analytics/stream-analytics";
import { sweepStreamAnalytics, viewerChangesSettled } from "@/lib/analytics/track-viewers";
import type { AnalyticsUpdate } from "@/lib/analytics/schemas";

export const analyticsRoom = (streamId: string) => `analytics:${streamId}`;

/** The stream's live figures and its minute in progress, as `analytics_update` carries them. */
export async function analyticsUpdateOf(streamId: string): Promise<AnalyticsUpdate> {
  const loaded = await loadStream(streamId, false);
  const t = liveTotals(loaded);
  const minute = minuteOf(loaded.now);
  const b = loaded.buckets.find((x) => x.minute.getTime() === minute);
  return {
    streamId,
    at: new Date(loaded.now).toISOString(),
    currentViewers: t.currentViewers,
    peakViewers: t.peakViewers,
    totalViews: t.totalViews,
    chatMessages: t.chatMessages,
    reactions: t.reactions,
    likes: t.likes,
    minute: { t: new Date(minute).toISOString(), viewers: Math.max(b?.viewers ?? 0, t.currentViewers), joins: b?.joins ?? 0, chatMessages: b?.chatMessages ?? 0, reactions: b?.reactions ?? 0, likes: b?.likes ?? 0, follows: b?.follows ?? 0 },
  };
}

/** `watch_analytics`: the owner's (or a lead's) dashboard asks for the live figures; the edge then joins the room. */
export async function watchAnalytics(actor: Actor | null, streamId: string): Promise<AnalyticsUpdate> {
  await assertCanViewAnalytics(actor, streamId);
  return analyticsUpdateOf(streamId);
}

/** One app process per stream and tick does the work (a Redis lease); every process without Redis is the only one. */
async function mine(streamId: string, ms: number): Promise<boolean> {
  const redis = redisClient();
  if (!redis) return true;
  return (await (await redis).set(`an:tick:${streamId}`, "1", { NX: true, PX: Math.max(200, ms - 200) })) === "OK";
}

/**
 * Every ANALYTICS_UPDATE_INTERVAL_MS, for each live stream: the minute's viewer peak is raised to the viewers
 * present (so a quiet minute still has its point), viewers of a crashed app process are let go, and the
 * stream's analytics room hears `analytics_update`.
 */
async function tick(): Promise<void> {
  const ms = config().ANALYTICS_UPDATE_INTERVAL_MS;
  await connectDb();
  const live = await StreamModel.find({ status: "live" }, { host: 1 }).limit(1000).lean<Pick<StreamDoc, "_id" | "host">[]>();
  for (const s of live) {
    const id = s._id.toString();
    try {
      if (!(await mine(id, ms))) continue;
      await sweepStreamAnalytics(id, s.host.toString());
      const update = await analyticsUpdateOf(id);
      analyticsBuffer.viewers(id, s.host.toString(), Date.now(), update.currentViewers);
      publish(analyticsRoom(id), "analytics_update", update);
    } catch (err) {
      log.warn("analytics tick failed", { streamId: id, err: String(err) });
    }
  }
}

const ticker = processSingleton("analytics.ticker", () => ({ timer: null as ReturnType<typeof setInterval> | null, running: false }));

/** Started by the socket edge; stopping it writes what the buffer still holds. */
export function startAnalyticsUpdates(): () => Promise<void> {
  if (!ticker.timer) {
    ticker.timer = setInterval(() => {
      if (ticker.running) return;
      ticker.running = true;
      void tick().finally(() => (ticker.running = false));
    }, config().ANALYTICS_UPDATE_INTERVAL_MS);
    ticker.timer.unref();
  }
  return async () => {
    if (ticker.timer) clearInterval(ticker.timer);
    ticker.timer = null;
    // The closed sockets' leaves reach presence after a Redis round trip: let them land, then write.
    await new Promise((r) => setTimeout(r, 200));
    await viewerChangesSettled();
    await analyticsBuffer.flush();
  };
}
