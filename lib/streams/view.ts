import type { UserDoc } from "@/lib/db/models/user.model";
import type { StreamDoc } from "@/lib/db/models/stream.model";
import type { StreamView } from "@/lib/streams/schemas";
import type { StreamStatus, StreamType } from "@/lib/streams/status";
import { config } from "@/lib/config";
import { layoutOf } from "@/lib/guests/layout-of";

/** The frame the recorder grabbed from the live stream; the version makes cards fetch a new one each minute. */
function liveThumbnailUrl(id: string, at: Date | null | undefined): string | null {
  return at ? `${config().publicUrl}/api/livestream/${id}/thumbnail?v=${Math.floor(new Date(at).getTime() / 1000)}` : null;
}

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

type HostLike = Pick<UserDoc, "_id" | "username" | "displayName" | "avatarUrl">;

/** What anyone may see of a stream. The stream key is not part of it, ever. */
export function toStreamView(s: StreamDoc, host: HostLike | null | undefined): StreamView {
  const a: Partial<NonNullable<StreamDoc["analytics"]>> = s.analytics ?? {};
  const isLive = s.status === "live" || s.status === "paused";
  return {
    id: s._id.toString(),
    title: s.title,
    description: s.description ?? "",
    category: s.category,
    tags: s.tags ?? [],
    status: s.status as StreamStatus,
    streamType: s.streamType as StreamType,
    ticketPrice: s.ticketPrice ?? null,
    currency: s.currency ?? "USD",
    roomId: s.roomId,
    host: host
      ? { id: host._id.toString(), username: host.username, displayName: host.displayName, avatarUrl: host.avatarUrl ?? null }
      : { id: s.host.toString(), username: "unknown", displayName: "Unknown", avatarUrl: null },
    quality: { resolution: s.quality?.resolution ?? "1080p", bitrate: s.quality?.bitrate ?? 4500, fps: s.quality?.fps ?? 30, codec: s.quality?.codec ?? "h264" },
    features: {
      chatEnabled: s.features?.chatEnabled ?? true,
      reactionsEnabled: s.features?.reactionsEnabled ?? true,
      donationsEnabled: s.features?.donationsEnabled ?? true,
      recordingEnabled: s.features?.recordingEnabled ?? false,
    },
    analytics: {
      currentViewers: a.currentViewers ?? 0,
      peakViewers: a.peakViewers ?? 0,
      totalViews: a.totalViews ?? 0,
      chatMessages: a.chatMessages ?? 0,
      reactions: a.reactions ?? 0,
      likes: a.likes ?? 0,
      shares: a.shares ?? 0,
    },
    scheduledFor: iso(s.scheduledFor),
    startedAt: iso(s.startedAt),
    endedAt: iso(s.endedAt),
    // On air, the frame from the stream; before (and after, when there is none) the creator's picture.
    thumbnailUrl: (isLive && liveThumbnailUrl(s._id.toString(), s.media?.thumbnailAt)) || s.thumbnailUrl || liveThumbnailUrl(s._id.toString(), s.media?.thumbnailAt),
    isDemo: Boolean(s.isDemo),
    layout: layoutOf(s),
    createdAt: iso(s.createdAt) ?? new Date(0).toISOString(),
  };
}
