import { connectDb } from "@/lib/db/connection";
import { StreamModel, type StreamDoc } from "@/lib/db/models/stream.model";
import { AppError } from "@/lib/errors";
import type { StreamStatus, StreamType } from "@/lib/streams/status";

export type StreamMeta = { id: string; hostId: string; status: StreamStatus; streamType: StreamType; chatEnabled: boolean; reactionsEnabled: boolean };

const TTL_MS = 2000;
const cache = new Map<string, { meta: StreamMeta; at: number }>();

/**
 * What the chat hot path needs to know about a stream, cached for two seconds per process: a burst of
 * messages costs one lookup, not one per message. Status changes reach it through `forgetStreamMeta`.
 */
export async function streamMeta(id: string): Promise<StreamMeta> {
  const hit = cache.get(id);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.meta;
  await connectDb();
  const s = await StreamModel.findById(id, { host: 1, status: 1, streamType: 1, features: 1 }).lean<StreamDoc>();
  if (!s) throw new AppError("NOT_FOUND", "Stream not found");
  const meta: StreamMeta = {
    id,
    hostId: s.host.toString(),
    status: s.status as StreamStatus,
    streamType: s.streamType as StreamType,
    chatEnabled: s.features?.chatEnabled ?? true,
    reactionsEnabled: s.features?.reactionsEnabled ?? true,
  };
  if (cache.size > 10_000) cache.clear();
  cache.set(id, { meta, at: Date.now() });
  return meta;
}

export function forgetStreamMeta(id: string): void {
  cache.delete(id);
}
