import { Types } from "mongoose";
import { connectDb } from "@/lib/db/connection";
import { ChatMessageModel, type ChatMessageDoc } from "@/lib/db/models/chat-message.model";
import { toChatMessageView } from "@/lib/chat/view";
import type { ChatMessageView } from "@/lib/chat/schemas";

/** The 5 bytes after an ObjectId's time are the same for every id this process makes (bson's process-unique value). */
const MADE_HERE = new Types.ObjectId().toHexString().slice(8, 18);

/**
 * The chat of some streams that OTHER app processes persisted since `sinceMs` (by the time in their ids),
 * oldest first, at most `limit`, deleted lines left out: the source of truth an app process compares with
 * what it delivered when its Redis comes back after an outage (lib/socket/chat-relay.ts). Its own messages
 * always reached its own sockets (the adapter delivers locally whatever Redis answers), and one may be
 * written before its frame leaves the batcher. The database, never a process's recent buffer: a buffer
 * lacks exactly what the outage swallowed. One query for all the streams: on FerretDB any filter but `_id`
 * scans the collection, and this runs a few times per outage only.
 */
export async function othersChatSince(streamIds: string[], sinceMs: number, limit: number): Promise<ChatMessageView[]> {
  if (!streamIds.length) return [];
  await connectDb();
  const from = Types.ObjectId.createFromTime(Math.floor(sinceMs / 1000));
  const rows = await ChatMessageModel.find({ stream: { $in: streamIds.map((id) => new Types.ObjectId(id)) }, deleted: false, _id: { $gte: from } })
    .sort({ _id: 1 })
    .limit(limit)
    .lean<ChatMessageDoc[]>();
  return rows.filter((r) => r._id.toHexString().slice(8, 18) !== MADE_HERE).map(toChatMessageView);
}
