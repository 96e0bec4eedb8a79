import { z } from "zod";
import { CATEGORY_IDS } from "@/lib/streams/categories";
import { STREAM_STATUSES, STREAM_TYPES } from "@/lib/streams/status";

export const objectId = z.string().regex(/^[a-f0-9]{24}$/i, "must be a 24-character hex id");
export const streamIdParams = z.object({ id: objectId });

const tag = z.string().trim().toLowerCase().min(1).max(24).regex(/^[\p{L}\p{N}_-]+$/u, "letters, digits, - and _ only");
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
  title: z.string().trim().min(1, "is required").max(120),
  description: z.string().trim().max(2000),
  category: z.enum(CATEGORY_IDS, { message: `must be one of: ${CATEGORY_IDS.join(", ")}` }),
  tags: z.array(tag).max(10),
  streamType: z.enum(STREAM_TYPES),
  ticketPrice: z.number().min(0.5).max(1000).multipleOf(0.01),
  currency: z.enum(["USD", "EUR", "GBP", "JPY"]),
  scheduledFor: z.coerce.date().refine((d) => d.getTime() > Date.now() - 60_000, "must be in the future").refine((d) => d.getTime() < Date.now() + 366 * 86_400_000, "must be within a year"),
  features,
  quality,
  thumbnailUrl: z.url().max(2048).refine((u) => /^https?:/.test(u), "must be http(s)"),
};

function paidNeedsPrice(v: { streamType?: string; ticketPrice?: number | null }, ctx: z.RefinementCtx) {
  if (v.streamType === "paid" && !v.ticketPrice) ctx.addIssue({ code: "custom", path: ["ticketPrice"], message: "is required for paid streams" });
}

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
  .superRefine(paidNeedsPrice);

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
  })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, "send at least one field");

const limit = (max: number, dflt: number) => z.coerce.number().int().min(1).max(max).default(dflt);
const page = z.coerce.number().int().min(1).max(1000).default(1);

export const trendingQuery = z.object({ limit: limit(50, 10), category: streamFields.category.optional() }).strict();
export const searchQuery = z
  .object({ q: z.string().trim().min(1, "is required").max(100), category: streamFields.category.optional(), limit: limit(50, 20), page })
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
  createdAt: z.string(),
});

export const streamListView = z.object({ streams: z.array(streamView), pagination: z.object({ page: z.number(), limit: z.number(), hasMore: z.boolean() }) });

export const createStreamResult = z.object({
  streamId: z.string(),
  streamKey: z.string(),
  roomId: z.string(),
  urls: z.object({ rtmp: z.string(), webrtc: z.string(), whip: z.string(), hls: z.string() }),
  stream: streamView,
});

export const streamKeyResult = z.object({ streamKey: z.string(), keyRotatedAt: z.string().nullable(), urls: createStreamResult.shape.urls });

export const engagementView = z.object({ likes: z.number(), shares: z.number() });
export const likeResult = engagementView.extend({ liked: z.boolean() });

export type CreateStreamInput = z.infer<typeof createStreamInput>;
export type UpdateStreamInput = z.infer<typeof updateStreamInput>;
export type StreamView = z.infer<typeof streamView>;
export type StreamListView = z.infer<typeof streamListView>;
