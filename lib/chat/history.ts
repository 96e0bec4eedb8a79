import { Types } from "mongoose";
import { connectDb } from "@/lib/db/connection";
import { ChatMessageModel, type ChatMessageDoc } from "@/lib/db/models/chat-message.model";
import type { Actor } from "@/lib/accounts/authenticate";
import { assertCan } from "@/lib/access";
import { chatBuffer } from "@/lib/chat/write-buffer";
import { recentChat, RECENT_PER_STREAM, type LatestPage } from "@/lib/chat/recent";
import { toChatMessageView } from "@/lib/chat/view";
import type { ChatMessageView, ChatPage, ChatPageRead } from "@/lib/chat/schemas";

/**
 * A page of chat history, oldest first. Backwards from the `before` message id (cursor paging on the
 * time-ordered `_id`), or, with `after`, forwards: what a client that saw up to `after` missed (catch-up).
 * Deleted messages are left out. Whoever may watch the stream may read its chat.
 */
export async function chatHistory(actor: Actor | null, streamId: string, q: { before?: string; after?: string; limit: number }): Promise<ChatPage> {
  // Taken before the read: whatever is sent after it reaches the rooms' sockets live (lib/client/catch-up.ts).
  const asOf = new Date().toISOString();
  return { ...(await readHistory(actor, streamId, q)), asOf };
}

async function readHistory(actor: Actor | null, streamId: string, q: { before?: string; after?: string; limit: number }): Promise<ChatPageRead> {
  await assertCan(actor, "stream.watch", streamId);
  if (q.after) return chatAfter(streamId, q.after, q.limit, q.before);
  if (!q.before) return { ...(await latestChat(streamId, q.limit)), nextAfter: null };
  await chatBuffer.flush();
  await connectDb();
  const filter: Record<string, unknown> = { stream: new Types.ObjectId(streamId), deleted: false };
  if (q.before) filter._id = { $lt: new Types.ObjectId(q.before) };
  const rows = await ChatMessageModel.find(filter).sort({ _id: -1 }).limit(q.limit + 1).lean<ChatMessageDoc[]>();
  const page = rows.slice(0, q.limit);
  return { messages: page.reverse().map(toChatMessageView), nextBefore: rows.length > q.limit ? (page[0]?._id.toString() ?? null) : null, nextAfter: null };
}

/** Reads through to the database under way, per stream and size: a crowd joining a cold stream shares one read. */
const readsThrough = new Map<string, Promise<LatestPage>>();

/**
 * The newest `limit` shown messages, oldest first (what a join shows, and the first page of history), from
 * the recent-chat ring: a join costs no database read, whatever the chat collection's size (FerretDB scans
 * the whole collection for this filter). The ring is filled from the database once per stream and process
 * (a cold process, a stream it had let go, too little left after removals) and kept by what is broadcast:
 * sends, deletes, clears, a user's lines cleared, reaction totals. Callers checked `stream.watch`.
 */
export async function latestChat(streamId: string, limit: number): Promise<LatestPage> {
  const hit = recentChat.latest(streamId, limit);
  if (hit) return hit;
  const key = `${streamId}|${limit}`;
  let read = readsThrough.get(key);
  if (!read) {
    read = readLatest(streamId, limit).finally(() => readsThrough.delete(key));
    readsThrough.set(key, read);
  }
  return read;
}

async function readLatest(streamId: string, limit: number): Promise<LatestPage> {
  let rows: ChatMessageView[] = [];
  // A removal during the read (the rows may show what it removed) refuses the fill: read again, a few times at most.
  for (let attempt = 0; attempt < 3; attempt++) {
    const mark = recentChat.mark(streamId);
    await chatBuffer.flush();
    await connectDb();
    rows = (await ChatMessageModel.find({ stream: new Types.ObjectId(streamId), deleted: false }).sort({ _id: -1 }).limit(limit + 1).lean<ChatMessageDoc[]>()).map(toChatMessageView);
    // The filled ring also has what was broadcast during the read.
    const page = limit < RECENT_PER_STREAM && recentChat.seed(mark, rows, limit) ? recentChat.latest(streamId, limit) : null;
    if (page) return page;
    if (limit >= RECENT_PER_STREAM) break;
  }
  const page = rows.slice(0, limit).reverse();
  return { messages: page, nextBefore: rows.length > limit ? (page[0]?.id ?? null) : null };
}

/**
 * The messages after `after`, oldest first; `nextAfter` pages on while more remain. Served from the recent
 * buffer (every message this process broadcast lately, its unflushed ones and other processes' included)
 * when it reaches back that far; otherwise from the database (a scan on FerretDB) merged with the buffer,
 * which holds what other processes have not written yet. Callers checked `stream.watch`.
 */
export async function chatAfter(streamId: string, after: string, limit: number, before?: string): Promise<ChatPageRead> {
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
async function chatBetween(streamId: string, after: string, before: string, limit: number): Promise<ChatPageRead> {
  await chatBuffer.flush();
  await connectDb();
  const rows = await forwards(streamId, { $gt: new Types.ObjectId(after), $lt: new Types.ObjectId(before) }, limit);
  const page = rows.slice(0, limit).map(toChatMessageView);
  return { messages: page, nextBefore: null, nextAfter: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}
