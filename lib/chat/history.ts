import { Types } from "mongoose";
import { connectDb } from "@/lib/db/connection";
import { ChatMessageModel, type ChatMessageDoc } from "@/lib/db/models/chat-message.model";
import type { Actor } from "@/lib/accounts/authenticate";
import { assertCan } from "@/lib/access";
import { chatBuffer } from "@/lib/chat/write-buffer";
import { recentChat } from "@/lib/chat/recent";
import { toChatMessageView } from "@/lib/chat/view";
import type { ChatMessageView, ChatPage } from "@/lib/chat/schemas";

/**
 * A page of chat history, oldest first. Backwards from the `before` message id (cursor paging on the
 * time-ordered `_id`), or, with `after`, forwards: what a client that saw up to `after` missed (catch-up).
 * Deleted messages are left out. Whoever may watch the stream may read its chat.
 */
export async function chatHistory(actor: Actor | null, streamId: string, q: { before?: string; after?: string; limit: number }): Promise<ChatPage> {
  await assertCan(actor, "stream.watch", streamId);
  if (q.after) return chatAfter(streamId, q.after, q.limit, q.before);
  await chatBuffer.flush();
  await connectDb();
  const filter: Record<string, unknown> = { stream: new Types.ObjectId(streamId), deleted: false };
  if (q.before) filter._id = { $lt: new Types.ObjectId(q.before) };
  const rows = await ChatMessageModel.find(filter).sort({ _id: -1 }).limit(q.limit + 1).lean<ChatMessageDoc[]>();
  const page = rows.slice(0, q.limit);
  return { messages: page.reverse().map(toChatMessageView), nextBefore: rows.length > q.limit ? (page[0]?._id.toString() ?? null) : null, nextAfter: null };
}

/**
 * The messages after `after`, oldest first; `nextAfter` pages on while more remain. Served from the recent
 * buffer (every message this process broadcast lately, its unflushed ones and other processes' included)
 * when it reaches back that far; otherwise from the database (a scan on FerretDB) merged with the buffer,
 * which holds what other processes have not written yet. Callers checked `stream.watch`.
 */
export async function chatAfter(streamId: string, after: string, limit: number, before?: string): Promise<ChatPage> {
  if (before) return chatBetween(streamId, after, before, limit);
  const recent = recentChat.after(streamId, after, limit);
  if (recent.covered) return { messages: recent.messages, nextBefore: null, nextAfter: recent.more ? (recent.messages.at(-1)?.id ?? null) : null };
  await chatBuffer.flush();
  await connectDb();
  const rows = await forwards(streamId, { $gt: new Types.ObjectId(after) }, limit);
  const byId = new Map<string, ChatMessageView>();
  for (const m of [...rows.map(toChatMessageView), ...recent.messages]) byId.set(m.id, m);
  const all = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const page = all.slice(0, limit);
  return { messages: page, nextBefore: null, nextAfter: all.length > limit || rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}

function forwards(streamId: string, range: Record<string, Types.ObjectId>, limit: number): Promise<ChatMessageDoc[]> {
  return ChatMessageModel.find({ stream: new Types.ObjectId(streamId), deleted: false, _id: range }).sort({ _id: 1 }).limit(limit + 1).lean<ChatMessageDoc[]>();
}

/** The messages strictly between two ids (a gap a client knows it has), from the database. */
async function chatBetween(streamId: string, after: string, before: string, limit: number): Promise<ChatPage> {
  await chatBuffer.flush();
  await connectDb();
  const rows = await forwards(streamId, { $gt: new Types.ObjectId(after), $lt: new Types.ObjectId(before) }, limit);
  const page = rows.slice(0, limit).map(toChatMessageView);
  return { messages: page, nextBefore: null, nextAfter: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}
