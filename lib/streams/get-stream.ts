import { LRUCache } from "lru-cache";
import type { Actor } from "@/lib/accounts/authenticate";
import { connectDb } from "@/lib/db/connection";
import { UserModel, type UserDoc } from "@/lib/db/models/user.model";
import { changes } from "@/lib/events";
import { processSingleton } from "@/lib/singleton";
import { findStreamOrThrow, managedStreamOrThrow, streamViewOf } from "@/lib/streams/load";
import { toStreamView } from "@/lib/streams/view";
import type { StreamView } from "@/lib/streams/schemas";

/** A stream's public details by id (any type: unlisted streams are reachable by link; media is gated by tokens). */
export async function getStream(id: string): Promise<StreamView> {
  return streamViewOf(await findStreamOrThrow(id));
}

/**
 * The views joins answer with, for a second: a crowd joining at once reads the stream once (two `_id`
 * lookups), not once per viewer. Edits, status and stage changes evict at once (in every process, through
 * the change relay); a read under way then is dropped too (its joins may get the old row, and the change's live event). What a second may
 * leave stale is the counters (viewers, chat totals), which live events carry anyway.
 */
const joinViews = processSingleton("streams.join-views", () => {
  const cache = new LRUCache<string, Promise<StreamView>>({ max: 10_000, ttl: 1000 });
  const evict = ({ streamId }: { streamId: string }) => void cache.delete(streamId);
  changes.on("stream.changed", evict);
  changes.on("guests.changed", evict);
  return { cache };
});

/** The stream as `getStream` gives it, shared by the joins of the same second (see `joinViews`). */
export function streamForJoin(id: string): Promise<StreamView> {
  const hit = joinViews.cache.get(id);
  if (hit) return hit;
  const read = readView(id);
  joinViews.cache.set(id, read);
  // A failed read is not kept (a change during the read already evicted it).
  read.catch(() => joinViews.cache.get(id) === read && joinViews.cache.delete(id));
  return read;
}

/** The stream and its host by `_id` each (FerretDB pushes down nothing else: `withHosts`' `$in` scans the users). */
async function readView(id: string): Promise<StreamView> {
  const s = await findStreamOrThrow(id);
  await connectDb();
  const host = await UserModel.findById(s.host, { username: 1, displayName: 1, avatarUrl: 1 }).lean<UserDoc>();
  return toStreamView(s, host);
}

/** The stream for its studio: FORBIDDEN unless the actor may manage it. */
export async function getManagedStream(actor: Actor, id: string): Promise<StreamView> {
  return streamViewOf(await managedStreamOrThrow(actor, id));
}
