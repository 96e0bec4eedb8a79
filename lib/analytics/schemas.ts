import { z } from "zod";
import { objectId } from "@/lib/text-input";
import { CURRENCIES, LEDGER_KINDS } from "@/lib/payments/schemas";

/**
 * The analytics contract (issue 19). Everything here is observed by the server (presence, LiveKit's
 * webhooks, chat, the ledger, the host's telemetry); no count a client claims is ever stored.
 */

export const DEVICE_TYPES = ["desktop", "mobile", "tablet", "tv", "bot", "unknown"] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];
/** ISO 3166-1 alpha-2, or "ZZ" when unknown (loopback, private addresses, no match). */
const country = z.string().regex(/^[A-Z]{2}$/);
const minute = z.string().describe("The minute's start, ISO 8601 UTC");

/** One minute of a stream. */
export const viewerPoint = z.object({ t: minute, viewers: z.number().int().describe("The most viewers present at once in the minute"), joins: z.number().int().describe("Views that started in the minute") });
export const engagementPoint = z.object({ t: minute, chatMessages: z.number().int(), reactions: z.number().int(), likes: z.number().int(), follows: z.number().int() });
export const qualityPoint = z.object({
  t: minute,
  bitrateKbps: z.number().nullable(),
  fps: z.number().nullable(),
  droppedFrames: z.number().nullable().describe("Frames dropped in the minute (sum of the reports' deltas)"),
  packetLoss: z.number().nullable().describe("Percent, the minute's average"),
  rttMs: z.number().nullable(),
});
const share = z.object({ name: z.string(), viewers: z.number().int() });

/** `GET /api/livestream/user/analytics/{streamId}`: the spec's fields exactly, then the series. */
export const streamAnalytics = z.object({
  streamId: z.string(),
  title: z.string(),
  status: z.enum(["scheduled", "live", "paused", "ended"]),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  totalViews: z.number().int().describe("Views started: a viewer arriving, or coming back after more than 60 s away"),
  uniqueViewers: z.number().int().describe("Distinct viewers (signed-in users, or anonymous browsers)"),
  peakViewers: z.number().int(),
  currentViewers: z.number().int(),
  averageWatchTime: z.number().int().describe("Seconds watched per unique viewer"),
  chatMessages: z.number().int(),
  reactions: z.number().int(),
  likes: z.number().int(),
  follows: z.number().int().describe("Follows the channel gained while the stream was on air"),
  engagementRate: z.string().describe('(chat messages + reactions) per peak viewer, as a percentage: "12.5%" (the spec\'s formula)'),
  totalEarnings: z.number().describe("Net earnings of the stream in its own currency, from the ledger"),
  duration: z.number().int().describe("Seconds on air (start to end, or to now while live)"),
  durationFormatted: z.string().describe('"H:MM:SS"'),
  viewerHistory: z.array(viewerPoint),
  engagementHistory: z.array(engagementPoint),
  geography: z.array(share.extend({ name: country })).describe("Unique viewers per country, most first"),
  devices: z.object({ types: z.array(share.extend({ name: z.enum(DEVICE_TYPES) })), browsers: z.array(share), os: z.array(share) }),
  revenue: z.object({
    bySource: z.array(z.object({ kind: z.enum(LEDGER_KINDS), currency: z.enum(CURRENCIES), amount: z.number() })),
    totals: z.array(z.object({ currency: z.enum(CURRENCIES), net: z.number() })),
  }),
  quality: z.array(qualityPoint),
});
export type StreamAnalytics = z.infer<typeof streamAnalytics>;

/** `?days=` is one of three ranges: an enum in the document, so no other number counts as valid input. */
export const channelAnalyticsQuery = z
  .object({
    days: z
      .enum(["7", "30", "90"])
      .default("30")
      .transform((d) => Number(d) as 7 | 30 | 90),
  })
  .strict();

/** `GET /api/livestream/user/analytics?days=7|30|90`: the caller's channel. */
export const channelAnalytics = z.object({
  days: z.number().int(),
  from: z.string(),
  to: z.string(),
  streams: z.number().int(),
  hoursStreamed: z.number(),
  totalViews: z.number().int(),
  uniqueViewers: z.number().int().describe("Distinct viewers over the range (approximate above a few thousand: Redis HyperLogLog)"),
  peakViewers: z.number().int(),
  averageWatchTime: z.number().int(),
  chatMessages: z.number().int(),
  reactions: z.number().int(),
  likes: z.number().int(),
  follows: z.number().int(),
  revenue: z.array(z.object({ currency: z.enum(CURRENCIES), net: z.number() })),
  daily: z.array(z.object({ day: z.string().describe("YYYY-MM-DD, UTC"), views: z.number().int(), watchHours: z.number(), peakViewers: z.number().int(), chatMessages: z.number().int(), reactions: z.number().int(), follows: z.number().int() })),
  recent: z.array(z.object({ streamId: z.string(), title: z.string(), startedAt: z.string().nullable(), duration: z.number().int(), totalViews: z.number().int(), peakViewers: z.number().int(), chatMessages: z.number().int() })),
});
export type ChannelAnalytics = z.infer<typeof channelAnalytics>;

export const streamParams = z.object({ streamId: objectId });

/** Socket `update_stream_metrics` (the spec's event; the host's studio sends its WebRTC stats every 5 s). */
export const streamMetricsInput = z
  .object({
    streamId: objectId,
    metrics: z
      .object({
        bitrateKbps: z.number().min(0).max(100_000).optional(),
        fps: z.number().min(0).max(240).optional(),
        droppedFrames: z.number().int().min(0).max(1_000_000).optional().describe("Frames dropped since the previous report"),
        packetLoss: z.number().min(0).max(100).optional(),
        rttMs: z.number().min(0).max(60_000).optional(),
      })
      .strict(),
  })
  .strict();
export type StreamMetricsInput = z.infer<typeof streamMetricsInput>;

/** Socket `watch_analytics` {streamId}: the owner's dashboard joins the stream's analytics room. */
export const watchAnalyticsInput = z.object({ streamId: objectId }).strict();

/** `analytics_update`, every few seconds while live, to room `analytics:<streamId>` (owner and leads). */
export const analyticsUpdate = z.object({
  streamId: z.string(),
  at: z.string(),
  currentViewers: z.number().int(),
  peakViewers: z.number().int(),
  totalViews: z.number().int(),
  chatMessages: z.number().int(),
  reactions: z.number().int(),
  likes: z.number().int(),
  /** The minute in progress, so charts can extend their last point. */
  minute: viewerPoint.merge(engagementPoint),
});
export type AnalyticsUpdate = z.infer<typeof analyticsUpdate>;
