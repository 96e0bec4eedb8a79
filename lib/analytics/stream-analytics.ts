import "server-only";
import { connectDb } from "@/lib/db/connection";
import { StatsMinuteModel, ViewerSessionModel, type StatsMinuteDoc } from "@/lib/db/models/analytics.model";
import { StreamModel, type StreamDoc } from "@/lib/db/models/stream.model";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/accounts/authenticate";
import { assertCan, streamSnapshot } from "@/lib/access";
import { isOnAir, type StreamStatus } from "@/lib/streams/status";
import { chatBuffer } from "@/lib/chat/write-buffer";
import { streamRevenue, totalEarnings } from "@/lib/payments/ledger";
import { analyticsBuffer } from "@/lib/analytics/buffer";
import { openIntervals } from "@/lib/analytics/presence-state";
import { engagementRate, formatDuration, shares } from "@/lib/analytics/format";
import type { DeviceType, StreamAnalytics } from "@/lib/analytics/schemas";

type Session = { watchMs: number; country: string; browser: string; os: string; deviceType: DeviceType };
type Loaded = { stream: StreamDoc; buckets: StatsMinuteDoc[]; sessions: Session[]; open: { key: string; since: number }[]; now: number };

/** The owner, or a lead moderator, of an existing stream (NOT_FOUND first, then 401/403). */
export async function assertCanViewAnalytics(actor: Actor | null, streamId: string): Promise<void> {
  await assertCan(actor, "analytics.view", await streamSnapshot(streamId));
}

/** Everything a report reads, after writing what this process still holds. */
export async function loadStream(streamId: string, withSessions = true): Promise<Loaded> {
  // Who is present, before the buffers are written: everyone counted present has their view in the buffer
  // by then (presence and the buffer are updated together), so the figures never show more present than seen.
  const present = await openIntervals(streamId);
  // Chat first: its flush hands its counts to the analytics buffer.
  await chatBuffer.flush();
  await analyticsBuffer.flush();
  await connectDb();
  const [stream, buckets, sessions] = await Promise.all([
    StreamModel.findById(streamId).lean<StreamDoc>(),
    StatsMinuteModel.find({ stream: streamId }).sort({ minute: 1 }).lean<StatsMinuteDoc[]>(),
    withSessions ? ViewerSessionModel.find({ stream: streamId }, { watchMs: 1, country: 1, browser: 1, os: 1, deviceType: 1 }).lean<Session[]>() : Promise.resolve([]),
  ]);
  if (!stream) throw new AppError("NOT_FOUND", "Stream not found");
  const open = isOnAir(stream.status as StreamStatus) ? present : [];
  return { stream, buckets, sessions, open, now: Date.now() };
}

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
const sum = (buckets: StatsMinuteDoc[], f: (b: StatsMinuteDoc) => number) => buckets.reduce((n, b) => n + (f(b) ?? 0), 0);

/** Seconds on air: start to end, or to now while on air. */
export function durationOf(s: Pick<StreamDoc, "startedAt" | "endedAt">, now: number): number {
  if (!s.startedAt) return 0;
  return Math.max(0, Math.floor(((s.endedAt ? new Date(s.endedAt).getTime() : now) - new Date(s.startedAt).getTime()) / 1000));
}

/**
 * The live totals (also `analytics_update`): what happened while the stream was on air, summed from its
 * minutes (so the cards always equal the charts), viewers from presence. The buckets have one writer at a
 * time; the stream document's counters have many, and FerretDB loses concurrent updates of one document.
 */
export function liveTotals({ stream, buckets, open }: Loaded) {
  const currentViewers = open.length;
  return {
    currentViewers,
    peakViewers: Math.max(stream.analytics?.peakViewers ?? 0, currentViewers, ...buckets.map((b) => b.viewers ?? 0)),
    totalViews: sum(buckets, (b) => b.joins),
    chatMessages: sum(buckets, (b) => b.chatMessages),
    reactions: sum(buckets, (b) => b.reactions),
    likes: sum(buckets, (b) => b.likes),
    follows: sum(buckets, (b) => b.follows),
  };
}

const avg = (q: StatsMinuteDoc["q"], key: "bitrateKbps" | "fps" | "packetLoss" | "rttMs") => (q?.n ? Math.round((q[key] / q.n) * 100) / 100 : null);

export function seriesOf(buckets: StatsMinuteDoc[]) {
  return {
    viewerHistory: buckets.map((b) => ({ t: b.minute.toISOString(), viewers: b.viewers ?? 0, joins: b.joins ?? 0 })),
    engagementHistory: buckets.map((b) => ({ t: b.minute.toISOString(), chatMessages: b.chatMessages ?? 0, reactions: b.reactions ?? 0, likes: b.likes ?? 0, follows: b.follows ?? 0 })),
    quality: buckets.map((b) => ({ t: b.minute.toISOString(), bitrateKbps: avg(b.q, "bitrateKbps"), fps: avg(b.q, "fps"), droppedFrames: b.q?.n ? b.q.droppedFrames : null, packetLoss: avg(b.q, "packetLoss"), rttMs: avg(b.q, "rttMs") })),
  };
}

/**
 * `GET /api/livestream/user/analytics/{streamId}`: the spec's figures and the series, from the stream's
 * counters, its per-minute buckets, its viewer sessions (plus the stretches still open) and the ledger.
 */
export async function streamAnalytics(actor: Actor | null, streamId: string): Promise<StreamAnalytics> {
  await assertCanViewAnalytics(actor, streamId);
  const loaded = await loadStream(streamId);
  const { stream, sessions, open, now } = loaded;
  const totals = liveTotals(loaded);
  const watchMs = sessions.reduce((n, s) => n + (s.watchMs ?? 0), 0) + open.reduce((n, o) => n + Math.max(0, now - o.since), 0);
  const duration = durationOf(stream, now);
  const [earnings, revenue] = await Promise.all([totalEarnings(streamId), streamRevenue(streamId)]);
  return {
    streamId,
    title: stream.title,
    status: stream.status as StreamStatus,
    startedAt: iso(stream.startedAt),
    endedAt: iso(stream.endedAt),
    ...totals,
    uniqueViewers: sessions.length,
    averageWatchTime: sessions.length ? Math.round(watchMs / sessions.length / 1000) : 0,
    engagementRate: engagementRate(totals.chatMessages, totals.reactions, totals.peakViewers),
    totalEarnings: earnings.find((e) => e.currency === (stream.currency ?? "USD"))?.amount ?? 0,
    duration,
    durationFormatted: formatDuration(duration),
    ...seriesOf(loaded.buckets),
    geography: shares(sessions.map((s) => s.country || "ZZ")),
    devices: { types: shares(sessions.map((s) => s.deviceType || "unknown")), browsers: shares(sessions.map((s) => s.browser || "Other")), os: shares(sessions.map((s) => s.os || "Other")) },
    revenue,
  };
}
