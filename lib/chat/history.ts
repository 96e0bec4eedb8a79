import { Types } from "mongoose";
import { connectDb } from "@/lib/db/connection";
import { ChatMessageModel, type ChatMessageDoc } from "@/lib/db/models/chat-message.model";
import type { Actor } from "@/lib/accounts/authenticate";
import { assertCan } from "@/lib/access";
import { chatBuffer } from "@/lib/chat/write-buffer";
import { toChatMessageView } from "@/lib/chat/view";
import type { ChatPage } from "@/lib/chat/schemas";

/**
 * A page of chat history, oldest first, older than the `before` message id (cursor paging on the
 * time-ordered `_id`). Deleted messages are left out. Whoever may watch the stream may read its chat.
 */
export async function chatHistory(actor: Actor | null, streamId: string, q: { before?: string; limit: number }): Promise<ChatPage> {
  await assertCan(actor, "stream.watch", streamId);
  await chatBuffer.flush();
  await connectDb();
  const filter: Record<string, unknown> = { stream: new Types.ObjectId(streamId), deleted: false };
  if (q.before) filter._id = { $lt: new Types.ObjectId(q.before) };
  const rows = await ChatMessageModel.find(filter).sort({ _id: -1 }).limit(q.limit + 1).lean<ChatMessageDoc[]>();
  const page = rows.slice(0, q.limit);
  return { messages: page.reverse().map(toChatMessageView), nextBefore: rows.length > q.limit ? (page[0]?._id.toString() ?? null) : null };
}
