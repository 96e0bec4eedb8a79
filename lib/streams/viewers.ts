import { connectDb } from "@/lib/db/connection";
import { StreamModel, type StreamDoc } from "@/lib/db/models/stream.model";
import { publish } from "@/lib/realtime/emitter";
import type { ViewerCountUpdate } from "@/lib/streams/schemas";

/**
 * Records a viewer count from one source — `socket` (people on the watch page, Socket.IO presence) or
 * `media` (people connected to the LiveKit room, from webhooks) — and sets the stream's current viewers to
 * the larger of the two, raising the peak; everyone in the stream's room hears `viewer_count_update`.
 */
export async function setViewerCount(streamId: string, source: "socket" | "media", count: number): Promise<number> {
  await connectDb();
  await StreamModel.updateOne({ _id: streamId }, { $set: { [`presence.${source}`]: count } });
  const s = await StreamModel.findById(streamId, { presence: 1, status: 1 }).lean<StreamDoc & { presence?: { socket?: number; media?: number } }>();
  if (!s) return 0;
  const current = s.status === "ended" ? 0 : Math.max(s.presence?.socket ?? 0, s.presence?.media ?? 0);
  await StreamModel.updateOne({ _id: streamId }, { $set: { "analytics.currentViewers": current }, $max: { "analytics.peakViewers": current } });
  publish(`stream:${streamId}`, "viewer_count_update", { streamId, currentViewers: current } satisfies ViewerCountUpdate);
  return current;
}
