import { LRUCache } from "lru-cache";
import { processSingleton } from "@/lib/singleton";
import type { ChatMessageView } from "@/lib/chat/schemas";

/** Messages kept per stream: at 100 msg/s, the last 20 s; a client away longer is served from the database. */
export const RECENT_PER_STREAM = 2000;
const STREAMS = 200;

type Entry = { view: ChatMessageView; at: number; local: boolean };
type Ring = { entries: Entry[]; ids: Set<string> };

/**
 * What this process broadcast to each stream's chat lately, its own messages and those other app processes
 * sent through the adapter, in id order. It serves catch-up without a database read (FerretDB scans the whole
 * collection for any filter but `_id`), covers the write buffer's unflushed messages, tells a message
 * delivered twice (a replay after a Redis outage) from a new one, and names this process's own messages of
 * the last seconds for that replay.
 */
class RecentChat {
  private rings = new LRUCache<string, Ring>({ max: STREAMS });

  private ring(streamId: string): Ring {
    let r = this.rings.get(streamId);
    if (!r) this.rings.set(streamId, (r = { entries: [], ids: new Set() }));
    return r;
  }

  /** Adds a message; false when it was already here (the caller drops the copy). */
  add(view: ChatMessageView, local: boolean): boolean {
    const r = this.ring(view.streamId);
    if (r.ids.has(view.id)) return false;
    r.ids.add(view.id);
    // Ids arrive nearly in order: insert from the end (a replayed or another process's message lands a few places back).
    let i = r.entries.length;
    while (i > 0 && r.entries[i - 1]!.view.id > view.id) i--;
    r.entries.splice(i, 0, { view, at: Date.now(), local });
    if (r.entries.length > RECENT_PER_STREAM) for (const e of r.entries.splice(0, r.entries.length - RECENT_PER_STREAM)) r.ids.delete(e.view.id);
    return true;
  }

  /** Deleted lines leave the buffer as they leave history (their ids stay known, so a late copy is still dropped). */
  remove(streamId: string, which: { messageId: string } | { userId: string } | "all"): void {
    const r = this.rings.get(streamId);
    if (!r) return;
    r.entries = r.entries.filter((e) => !(which === "all" || ("messageId" in which ? e.view.id === which.messageId : e.view.sender.id === which.userId)));
  }

  /**
   * Messages after `after` (an id), oldest first, up to `limit`; `covered` when this buffer holds everything
   * this process saw after it (its oldest message is not newer), so no database read is needed.
   */
  after(streamId: string, after: string, limit: number): { messages: ChatMessageView[]; covered: boolean; more: boolean } {
    const entries = this.rings.get(streamId)?.entries ?? [];
    const covered = entries.length > 0 && entries[0]!.view.id <= after;
    const newer = entries.filter((e) => e.view.id > after);
    return { messages: newer.slice(0, limit).map((e) => e.view), covered, more: newer.length > limit };
  }

  /** This process's own messages added since `sinceMs` (wall clock), every stream, for a replay to the other processes. */
  localSince(sinceMs: number): ChatMessageView[] {
    const out: ChatMessageView[] = [];
    for (const r of this.rings.values()) for (const e of r.entries) if (e.local && e.at >= sinceMs) out.push(e.view);
    return out;
  }
}

export const recentChat = processSingleton("chat.recent", () => new RecentChat());

/**
 * The socket edge hands every chat event this process broadcasts (`remote`: it came from another app process)
 * to the buffer. Answers false for a chat message already delivered here, which must not reach sockets twice.
 */
export function noteChatEvent(event: string, data: unknown, remote: boolean): boolean {
  const d = data as Record<string, unknown> | null;
  if (!d || typeof d !== "object" || typeof d.streamId !== "string") return true;
  switch (event) {
    case "stream_chat_message":
      return typeof d.id === "string" ? recentChat.add(d as ChatMessageView, !remote) : true;
    case "chat_message_deleted":
      if (typeof d.messageId === "string") recentChat.remove(d.streamId, { messageId: d.messageId });
      return true;
    case "chat_user_messages_cleared":
      if (typeof d.userId === "string") recentChat.remove(d.streamId, { userId: d.userId });
      return true;
    case "chat_cleared":
      recentChat.remove(d.streamId, "all");
      return true;
    default:
      return true;
  }
}
