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

/**
 * Two seconds per stream: a burst of messages costs one lookup. Edits and status changes evict at once, and a
 * read that was under way when its stream changed answers but keeps nothing (it may have read the old row:
 * a webhook's read racing an edit once kept a stale audience for the cache's life).
 */
const snapshots = processSingleton("access.streams", () => {
  const cache = new LRUCache<string, StreamSnapshot>({ max: 10_000, ttl: 2000 });
  /** When each stream last changed (a counter, not a time), remembered longer than any read takes. */
  const changedAt = new LRUCache<string, number>({ max: 100_000, ttl: 60_000 });
  let counter = 0;
  changes.on("stream.changed", ({ streamId }) => {
    changedAt.set(streamId, ++counter);
    cache.delete(streamId);
  });
  return {
    get: (id: string) => cache.get(id),
    mark: () => counter,
    keep(id: string, snap: StreamSnapshot, since: number): void {
      if ((changedAt.get(id) ?? 0) > since) return;
      cache.set(id, snap);
    },
  };
});

/** The stream's snapshot, from the cache when fresh; NOT_FOUND when there is no such stream. */
export async function streamSnapshot(id: string): Promise<StreamSnapshot> {
  const hit = snapshots.get(id);
  if (hit) return hit;
  const since = snapshots.mark();
  await connectDb();
  const s = await StreamModel.findById(id, { host: 1, status: 1, streamType: 1, ticketPrice: 1, currency: 1, features: 1 }).lean<StreamDoc>();
  if (!s) throw new AppError("NOT_FOUND", "Stream not found");
  const snap = snapshotOf(s);
  snapshots.keep(id, snap, since);
  return snap;
}
