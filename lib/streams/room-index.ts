import { LRUCache } from "lru-cache";
import { connectDb } from "@/lib/db/connection";
import { StreamModel } from "@/lib/db/models/stream.model";
import { processSingleton } from "@/lib/singleton";

/**
 * Which stream a LiveKit room belongs to. A stream's room id never changes, so the answer can be kept for
 * good; it matters because webhooks and HLS requests name rooms, and FerretDB answers a filter on anything
 * but `_id` with a scan of every stream (the room id's unique index serves uniqueness, not lookups).
 */
const rooms = processSingleton("streams.rooms", () => new LRUCache<string, string>({ max: 50_000 }));

/** Said by whoever learns a pair anyway (creating a stream, minting a token), so a later lookup costs nothing. */
export function rememberRoom(roomId: string, streamId: string): void {
  rooms.set(roomId, streamId);
}

/** The id of the stream whose room this is, or null when no stream has it (deleted, or never made). */
export async function streamIdForRoom(roomId: string): Promise<string | null> {
  const hit = rooms.get(roomId);
  if (hit) return hit;
  await connectDb();
  const s = await StreamModel.findOne({ roomId }, { _id: 1 }).lean<{ _id: { toString(): string } }>();
  if (!s) return null;
  const id = s._id.toString();
  rooms.set(roomId, id);
  return id;
}
