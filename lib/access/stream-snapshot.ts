import { LRUCache } from "lru-cache";
import { connectDb } from "@/lib/db/connection";
import { StreamModel, type StreamDoc } from "@/lib/db/models/stream.model";
import { AppError } from "@/lib/errors";
import { changes } from "@/lib/events";
import { processSingleton } from "@/lib/singleton";
import type { StreamStatus, StreamType } from "@/lib/streams/status";

/** What access rules and the chat hot path need to know about a stream. */
export type StreamSnapshot = {
  id: string;
  hostId: string;
  status: StreamStatus;
  streamType: StreamType;
  ticketPrice: number | null;
  currency: string;
  chatEnabled: boolean;
  reactionsEnabled: boolean;
};

type StreamFields = Pick<StreamDoc, "_id" | "host" | "status" | "streamType" | "ticketPrice" | "currency" | "features">;

export function snapshotOf(s: StreamFields): StreamSnapshot {
  return {
    id: s._id.toString(),
    hostId: s.host.toString(),
    status: s.status as StreamStatus,
    streamType: s.streamType as StreamType,
    ticketPrice: s.ticketPrice ?? null,
    currency: s.currency ?? "USD",
    chatEnabled: s.features?.chatEnabled ?? true,
    reactionsEnabled: s.features?.reactionsEnabled ?? true,
  };
}

/** Two seconds per stream: a burst of messages costs one lookup. Edits and status changes evict at once. */
const snapshots = processSingleton("access.streams", () => {
  const cache = new LRUCache<string, StreamSnapshot>({ max: 10_000, ttl: 2000 });
  changes.on("stream.changed", ({ streamId }) => cache.delete(streamId));
  return cache;
});

/** The stream's snapshot, from the cache when fresh; NOT_FOUND when there is no such stream. */
export async function streamSnapshot(id: string): Promise<StreamSnapshot> {
  const hit = snapshots.get(id);
  if (hit) return hit;
  await connectDb();
  const s = await StreamModel.findById(id, { host: 1, status: 1, streamType: 1, ticketPrice: 1, currency: 1, features: 1 }).lean<StreamDoc>();
  if (!s) throw new AppError("NOT_FOUND", "Stream not found");
  const snap = snapshotOf(s);
  snapshots.set(id, snap);
  return snap;
}
