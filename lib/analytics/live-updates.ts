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
import { openIntervals } from "@/lib/analytics/presence-state";
import { changes } from "@/lib/events";
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

/**
 * Streams whose live dashboard is open somewhere: only they get the full `analytics_update`, which reads
 * the stream's minutes. A dashboard says so again every minute (the SDK does), so the mark lapses a few
 * minutes after the last one closes. Across app processes in Redis, else in this process.
 */
const WATCH_TTL_MS = 3 * 60_000;
const watchedHere = processSingleton("analytics.watched", () => new Map<string, number>());

async function markWatched(streamId: string): Promise<void> {
  const redis = redisClient();
  if (redis) await (await redis).set(`an:watched:${streamId}`, "1", { PX: WATCH_TTL_MS });
  else watchedHere.set(streamId, Date.now() + WATCH_TTL_MS);
}

async function isWatched(streamId: string): Promise<boolean> {
  const redis = redisClient();
  if (redis) return (await (await redis).exists(`an:watched:${streamId}`)) === 1;
  return (watchedHere.get(streamId) ?? 0) > Date.now();
}

/** `watch_analytics`: the owner's (or a lead's) dashboard asks for the live figures; the edge then joins the room. */
export async function watchAnalytics(actor: Actor | null, streamId: string): Promise<AnalyticsUpdate> {
  await assertCanViewAnalytics(actor, streamId);
  await markWatched(streamId);
  return analyticsUpdateOf(streamId);
}

/** One app process per stream and tick does the work (a Redis lease); every process without Redis is the only one. */
async function mine(streamId: string, ms: number): Promise<boolean> {
  const redis = redisClient();
  if (!redis) return true;
  return (await (await redis).set(`an:tick:${streamId}`, "1", { NX: true, PX: Math.max(200, ms - 200) })) === "OK";
}

/**
 * The live streams, read at most every few seconds (FerretDB answers a status filter with a scan of every
 * stream) and at once after any stream's status changes.
 */
const liveList = processSingleton("analytics.live", () => {
  const state = { rows: null as Pick<StreamDoc, "_id" | "host">[] | null, at: 0, version: 0 };
  changes.on("stream.changed", () => {
    state.rows = null;
    state.version++;
  });
  return state;
});
const LIVE_LIST_MS = 5000;

async function liveStreams(): Promise<Pick<StreamDoc, "_id" | "host">[]> {
  if (liveList.rows && Date.now() - liveList.at < LIVE_LIST_MS) return liveList.rows;
  await connectDb();
  const [at, version] = [Date.now(), liveList.version];
  const rows = await StreamModel.find({ status: "live" }, { host: 1 }).limit(1000).lean<Pick<StreamDoc, "_id" | "host">[]>();
  // A read that straddled a change answers this tick but is not kept.
  if (version === liveList.version) Object.assign(liveList, { rows, at });
  return rows;
}

/**
 * Every ANALYTICS_UPDATE_INTERVAL_MS, for each live stream: the minute's viewer peak is raised to the viewers
 * present (so a quiet minute still has its point) and viewers of a crashed app process are let go, from
 * presence alone; a stream whose dashboard is open also has its minutes read, and its analytics room hears
 * `analytics_update`.
 */
async function tick(): Promise<void> {
  const ms = config().ANALYTICS_UPDATE_INTERVAL_MS;
  for (const s of await liveStreams()) {
    const id = s._id.toString();
    try {
      if (!(await mine(id, ms))) continue;
      await sweepStreamAnalytics(id, s.host.toString());
      if (await isWatched(id)) {
        const update = await analyticsUpdateOf(id);
        analyticsBuffer.viewers(id, s.host.toString(), Date.now(), update.currentViewers);
        publish(analyticsRoom(id), "analytics_update", update);
      } else {
        analyticsBuffer.viewers(id, s.host.toString(), Date.now(), (await openIntervals(id)).length);
      }
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
    liveList.rows = null;
    ticker.timer = null;
    // The closed sockets' leaves reach presence after a Redis round trip: let them land, then write.
    await new Promise((r) => setTimeout(r, 200));
    await viewerChangesSettled();
    await analyticsBuffer.flush();
  };
}
