import { z } from "zod";
import { layout } from "@/lib/guests/schemas";
import { moderationSettingsInput } from "@/lib/moderation/schemas";
import { CATEGORY_IDS } from "@/lib/streams/categories";
import { STREAM_STATUSES, STREAM_TYPES } from "@/lib/streams/status";
import { HTTP_URL, objectId, trimmedText } from "@/lib/text-input";

export { objectId };
export const streamIdParams = z.object({ id: objectId });

// Checked as sent: the pattern admits no whitespace, so there is nothing to trim (the studio form trims).
const tag = z.string().max(24).regex(/^[\p{L}\p{N}_-]+$/u, "letters, digits, - and _ only").toLowerCase();
const features = z
  .object({
    chatEnabled: z.boolean(),
    reactionsEnabled: z.boolean(),
    donationsEnabled: z.boolean(),
    recordingEnabled: z.boolean(),
  })
  .partial()
  .strict();
const quality = z
  .object({
    resolution: z.enum(["360p", "480p", "720p", "1080p", "1440p", "4k"]),
    bitrate: z.number().int().min(300).max(50_000),
    fps: z.union([z.literal(24), z.literal(25), z.literal(30), z.literal(50), z.literal(60)]),
    codec: z.enum(["h264", "vp8", "vp9", "av1"]),
  })
  .partial()
  .strict();

const streamFields = {
  title: trimmedText(120, { required: true }),
  description: trimmedText(2000, { required: false }),
  category: z.enum(CATEGORY_IDS, { message: `must be one of: ${CATEGORY_IDS.join(", ")}` }),
  tags: z.array(tag).max(10),
  streamType: z.enum(STREAM_TYPES),
  ticketPrice: z.number().min(0.5).max(1000).multipleOf(0.01),
  currency: z.enum(["USD", "EUR", "GBP", "JPY"]),
  // A date-time with its time zone; how far ahead is a rule of the use case (lib/streams/schedule.ts), 422 when broken.
  scheduledFor: z.iso
    .datetime({ offset: true, message: "must be an ISO 8601 date-time with a time zone, e.g. 2030-01-01T18:00:00Z" })
    .describe("When the stream is planned to start: an ISO 8601 date-time with Z or an offset, in the future and within a year (422 otherwise)")
    .transform((s) => new Date(s)),
  features,
  quality,
  thumbnailUrl: z.string().max(2048).regex(HTTP_URL, "must be an http(s) URL").meta({ format: "uri" }),
};

function paidNeedsPrice(v: { streamType?: string; ticketPrice?: number | null }, ctx: z.RefinementCtx) {
  if (v.streamType === "paid" && !v.ticketPrice) ctx.addIssue({ code: "custom", path: ["ticketPrice"], message: "is required for paid streams" });
}
/** paidNeedsPrice as the document says it (zod's refinements do not reach JSON Schema). */
const paidNeedsPriceSchema = { if: { required: ["streamType"], properties: { streamType: { const: "paid" } } }, then: { required: ["ticketPrice"] } };

export const createStreamInput = z
  .object({
    title: streamFields.title,
    description: streamFields.description.default(""),
    category: streamFields.category,
    tags: streamFields.tags.default([]),
    streamType: streamFields.streamType.default("public"),
    ticketPrice: streamFields.ticketPrice.optional(),
    currency: streamFields.currency.default("USD"),
    scheduledFor: streamFields.scheduledFor.optional(),
    features: features.optional(),
    quality: quality.optional(),
    thumbnailUrl: streamFields.thumbnailUrl.optional(),
  })
  .strict()
  .superRefine(paidNeedsPrice)
  .meta(paidNeedsPriceSchema);

export const updateStreamInput = z
  .object({
    title: streamFields.title,
    description: streamFields.description,
    category: streamFields.category,
    tags: streamFields.tags,
    streamType: streamFields.streamType,
    ticketPrice: streamFields.ticketPrice.nullable(),
    currency: streamFields.currency,
    scheduledFor: streamFields.scheduledFor.nullable(),
    features,
    quality,
    thumbnailUrl: streamFields.thumbnailUrl.nullable(),
    moderation: moderationSettingsInput.describe("The channel's chat rules (the spec's updateStreamSettings(streamId, { moderation })): as PATCH /api/livestream/{id}/moderation"),
  })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, "send at least one field")
  .meta({ minProperties: 1 });

const limit = (max: number, dflt: number) => z.coerce.number().int().min(1).max(max).default(dflt);
const page = z.coerce.number().int().min(1).max(1000).default(1);

export const trendingQuery = z.object({ limit: limit(50, 10), category: streamFields.category.optional() }).strict();
export const searchQuery = z
  .object({ q: trimmedText(100, { required: true }).regex(/[\p{L}\p{N}]/u, "must contain a letter or digit"), category: streamFields.category.optional(), limit: limit(50, 20), page })
  .strict();
export const categoryParams = z.object({ category: streamFields.category });
export const categoryQuery = z.object({ limit: limit(50, 20), page }).strict();
export const upcomingQuery = z.object({ limit: limit(50, 12), category: streamFields.category.optional() }).strict();
export const myStreamsQuery = z.object({ limit: limit(100, 50), page, status: z.enum(STREAM_STATUSES).optional() }).strict();
export const channelQuery = z.object({ limit: limit(50, 20) }).strict();

const hostView = z.object({ id: z.string(), username: z.string(), displayName: z.string(), avatarUrl: z.string().nullable() });

export const streamView = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  category: z.string(),
  tags: z.array(z.string()),
  status: z.enum(STREAM_STATUSES),
  streamType: z.enum(STREAM_TYPES),
  ticketPrice: z.number().nullable(),
  currency: z.string(),
  roomId: z.string(),
  host: hostView,
  quality: z.object({ resolution: z.string(), bitrate: z.number(), fps: z.number(), codec: z.string() }),
  features: z.object({ chatEnabled: z.boolean(), reactionsEnabled: z.boolean(), donationsEnabled: z.boolean(), recordingEnabled: z.boolean() }),
  analytics: z.object({ currentViewers: z.number(), peakViewers: z.number(), totalViews: z.number(), chatMessages: z.number(), reactions: z.number(), likes: z.number(), shares: z.number() }),
  scheduledFor: z.string().nullable(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  thumbnailUrl: z.string().nullable(),
  isDemo: z.boolean(),
  layout: layout.describe("How host and guests share the screen (set by the host: PUT /api/livestream/{id}/layout)"),
  createdAt: z.string(),
});

export const streamListView = z.object({ streams: z.array(streamView), pagination: z.object({ page: z.number(), limit: z.number(), hasMore: z.boolean() }) });

/** Where a host sends media: RTMP (OBS), WebRTC (LiveKit), WHIP, and the HLS playlist. */
export const publishUrls = z.object({ rtmp: z.string(), webrtc: z.string(), whip: z.string(), hls: z.string() });

export const createStreamResult = z.object({
  streamId: z.string(),
  streamKey: z.string(),
  roomId: z.string(),
  urls: publishUrls,
  stream: streamView,
});

/** The key reveal and rotation result: for the host's eyes only. */
export const streamKeyInfo = z.object({ streamKey: z.string(), keyRotatedAt: z.string().nullable(), urls: publishUrls });

export const deleteStreamResult = z.object({ deleted: z.literal(true) });

export const engagementCounts = z.object({ likes: z.number(), shares: z.number() });
export const likeResult = engagementCounts.extend({ liked: z.boolean() });
export const likedState = z.object({ liked: z.boolean() });

export const categoryList = z.object({
  categories: z.array(z.object({ id: z.enum(CATEGORY_IDS), label: z.string(), emoji: z.string(), liveCount: z.number() })),
});

/** `viewer_count_update`, to the stream's room. */
export const viewerCountUpdate = z.object({ streamId: z.string(), currentViewers: z.number() });
/** `stream_started`, `_paused`, `_resumed`, `_ended`: the stream's room gets the stream too, the host's own room the status only. */
export const streamStatusEvent = z.object({ streamId: z.string(), status: z.enum(STREAM_STATUSES), reason: z.string(), stream: streamView.optional() });
/** `stream_created` (to the host) and `stream_updated` (to the stream's room). */
export const streamChangedEvent = z.object({ streamId: z.string(), stream: streamView });
/** `stream_engagement_update`, to the stream's room. */
export const engagementUpdate = engagementCounts.extend({ streamId: z.string() });

export type CreateStreamInput = z.infer<typeof createStreamInput>;
export type UpdateStreamInput = z.infer<typeof updateStreamInput>;
/** What a client sends (defaults not yet applied). */
export type CreateStreamBody = z.input<typeof createStreamInput>;
export type UpdateStreamBody = z.input<typeof updateStreamInput>;
export type TrendingQuery = z.input<typeof trendingQuery>;
export type SearchQuery = z.input<typeof searchQuery>;
export type CategoryQuery = z.input<typeof categoryQuery>;
export type UpcomingQuery = z.input<typeof upcomingQuery>;
export type MyStreamsQuery = z.input<typeof myStreamsQuery>;
export type ChannelQuery = z.input<typeof channelQuery>;
export type StreamView = z.infer<typeof streamView>;
export type StreamListView = z.infer<typeof streamListView>;
export type CreateStreamResult = z.infer<typeof createStreamResult>;
export type PublishUrls = z.infer<typeof publishUrls>;
export type StreamKeyInfo = z.infer<typeof streamKeyInfo>;
export type DeleteStreamResult = z.infer<typeof deleteStreamResult>;
export type EngagementCounts = z.infer<typeof engagementCounts>;
export type LikeResult = z.infer<typeof likeResult>;
export type LikedState = z.infer<typeof likedState>;
export type CategoryList = z.infer<typeof categoryList>;
export type ViewerCountUpdate = z.infer<typeof viewerCountUpdate>;
export type StreamStatusEvent = z.infer<typeof streamStatusEvent>;
export type StreamChangedEvent = z.infer<typeof streamChangedEvent>;
export type EngagementUpdate = z.infer<typeof engagementUpdate>;
