import "server-only";
import mongoose from "mongoose";
import { connectDb } from "@/lib/db/connection";
import { StatsMinuteModel, ViewerSessionModel, type StatsMinuteDoc } from "@/lib/db/models/analytics.model";
import { StreamModel, type StreamDoc } from "@/lib/db/models/stream.model";
import type { Actor } from "@/lib/accounts/authenticate";
import { creatorNetSince } from "@/lib/payments/ledger";
import { analyticsBuffer } from "@/lib/analytics/buffer";
import { channelViewers } from "@/lib/analytics/presence-state";
import { durationOf } from "@/lib/analytics/stream-analytics";
import { dayOf } from "@/lib/analytics/track-viewers";
import type { ChannelAnalytics } from "@/lib/analytics/schemas";

const DAY_MS = 86_400_000;
const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * `GET /api/livestream/user/analytics?days=7|30|90`: the caller's own channel over the last days (UTC, today
 * included), from the per-minute buckets of its streams (index {host, minute}); unique viewers from the
 * channel's daily HyperLogLogs (or its sessions without Redis); revenue from the ledger.
 */
export async function channelAnalytics(actor: Actor, days: 7 | 30 | 90): Promise<ChannelAnalytics> {
  await analyticsBuffer.flush();
  await connectDb();
  const now = Date.now();
  const from = new Date(Math.floor(now / DAY_MS) * DAY_MS - (days - 1) * DAY_MS);
  const host = new mongoose.Types.ObjectId(actor.id);
  const dayList = Array.from({ length: days }, (_, i) => dayOf(from.getTime() + i * DAY_MS));
  const [buckets, streams, revenue, hll] = await Promise.all([
    StatsMinuteModel.find({ host, minute: { $gte: from } }, { q: 0 }).lean<StatsMinuteDoc[]>(),
    StreamModel.find({ host, startedAt: { $gte: from } }, { title: 1, startedAt: 1, endedAt: 1, analytics: 1 }).sort({ startedAt: -1 }).lean<StreamDoc[]>(),
    creatorNetSince(actor.id, from),
    channelViewers(actor.id, dayList),
  ]);
  const uniqueViewers = hll ?? (await ViewerSessionModel.distinct("viewerKey", { host, firstSeen: { $gte: from } })).length;
  const daily = new Map(dayList.map((day) => [day, { day, views: 0, watchHours: 0, peakViewers: 0, chatMessages: 0, reactions: 0, follows: 0 }]));
  let watchMs = 0;
  for (const b of buckets) {
    const d = daily.get(dayOf(b.minute.getTime()));
    watchMs += b.watchMs ?? 0;
    if (!d) continue;
    d.views += b.joins ?? 0;
    d.watchHours += (b.watchMs ?? 0) / 3_600_000;
    d.peakViewers = Math.max(d.peakViewers, b.viewers ?? 0);
    d.chatMessages += b.chatMessages ?? 0;
    d.reactions += b.reactions ?? 0;
    d.follows += b.follows ?? 0;
  }
  const total = (f: (b: StatsMinuteDoc) => number) => buckets.reduce((n, b) => n + (f(b) ?? 0), 0);
  return {
    days,
    from: from.toISOString(),
    to: new Date(now).toISOString(),
    streams: streams.length,
    hoursStreamed: round2(streams.reduce((n, s) => n + durationOf(s, now), 0) / 3600),
    totalViews: total((b) => b.joins),
    uniqueViewers,
    peakViewers: buckets.reduce((n, b) => Math.max(n, b.viewers ?? 0), 0),
    averageWatchTime: uniqueViewers ? Math.round(watchMs / uniqueViewers / 1000) : 0,
    chatMessages: total((b) => b.chatMessages),
    reactions: total((b) => b.reactions),
    likes: total((b) => b.likes),
    follows: total((b) => b.follows),
    revenue,
    daily: [...daily.values()].map((d) => ({ ...d, watchHours: round2(d.watchHours) })),
    recent: streams.slice(0, 20).map((s) => ({
      streamId: s._id.toString(),
      title: s.title,
      startedAt: s.startedAt ? new Date(s.startedAt).toISOString() : null,
      duration: durationOf(s, now),
      totalViews: s.analytics?.totalViews ?? 0,
      peakViewers: s.analytics?.peakViewers ?? 0,
      chatMessages: s.analytics?.chatMessages ?? 0,
    })),
  };
}
