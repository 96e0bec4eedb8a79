import { LRUCache } from "lru-cache";
import { processSingleton } from "@/lib/singleton";
import type { ChatMessageView } from "@/lib/chat/schemas";

/** Messages kept per stream: at 100 msg/s, the last 20 s; a client away longer is served from the database. */
export const RECENT_PER_STREAM = 2000;
const STREAMS = 200;

type Entry = { view: ChatMessageView; at: number; local: boolean };
/**
 * `from`: how far back the ring is the stream's whole shown chat — undefined: not known (only what this
 * process saw go by); null: all of it; an id: every shown message from that id on (read from the database
 * once, then kept up by what is broadcast). `epoch` counts removals, so a database read that a removal
 * overtook is not taken for the truth.
 */
type Ring = { entries: Entry[]; ids: Set<string>; from: string | null | undefined; epoch: number };
/** Where a read-through started: the ring it will fill, and its removals so far. */
export type SeedMark = { streamId: string; ring: Ring; epoch: number };
export type LatestPage = { messages: ChatMessageView[]; nextBefore: string | null };

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
    if (!r) this.rings.set(streamId, (r = { entries: [], ids: new Set(), from: undefined, epoch: 0 }));
    return r;
  }

  /** Adds a message; false when it was already here (the caller drops the copy). */
  add(view: ChatMessageView, local: boolean): boolean {
    return this.insert(this.ring(view.streamId), view, local);
  }

  private insert(r: Ring, view: ChatMessageView, local: boolean): boolean {
    if (r.ids.has(view.id)) return false;
    r.ids.add(view.id);
    // Ids arrive nearly in order: insert from the end (a replayed or another process's message lands a few places back).
    let i = r.entries.length;
    while (i > 0 && r.entries[i - 1]!.view.id > view.id) i--;
    r.entries.splice(i, 0, { view, at: Date.now(), local });
    if (r.entries.length > RECENT_PER_STREAM) {
      for (const e of r.entries.splice(0, r.entries.length - RECENT_PER_STREAM)) r.ids.delete(e.view.id);
      // What was let go is no longer held: the ring answers for its oldest entry on.
      if (r.from !== undefined) r.from = r.entries[0]!.view.id;
    }
    return true;
  }

  /** Deleted lines leave the buffer as they leave history (their ids stay known, so a late copy is still dropped). */
  remove(streamId: string, which: { messageId: string } | { userId: string } | "all"): void {
    const r = this.rings.get(streamId);
    if (!r) return;
    r.epoch += 1;
    // Nothing is shown after a clear: the (empty) ring holds all of it.
    if (which === "all") r.from = null;
    r.entries = r.entries.filter((e) => !(which === "all" || ("messageId" in which ? e.view.id === which.messageId : e.view.sender.id === which.userId)));
  }

  /** New reaction totals of a message (a join's history shows them as the database has them). */
  react(streamId: string, messageId: string, reactions: Record<string, number>): void {
    const e = this.rings.get(streamId)?.entries.findLast((x) => x.view.id === messageId);
    if (e) e.view = { ...e.view, reactions: Object.fromEntries(Object.entries(reactions).filter(([, n]) => n > 0)) };
  }

  /**
   * The stream's newest `limit` shown messages, oldest first, with `nextBefore` when older ones exist — the
   * page a join shows — or null when the ring cannot tell (never read through, or too little left after
   * removals): the caller reads the database and `seed`s.
   */
  latest(streamId: string, limit: number): LatestPage | null {
    const r = this.rings.get(streamId);
    if (!r || r.from === undefined) return null;
    const n = r.entries.length;
    const older = n > limit ? r.entries[n - limit - 1]!.view.id : null;
    // An older entry inside what the ring holds proves older messages exist; with `from` null, none left means none.
    if (older !== null && (r.from === null || older >= r.from)) return { messages: r.entries.slice(n - limit).map((e) => e.view), nextBefore: r.entries[n - limit]!.view.id };
    if (r.from === null) return { messages: r.entries.map((e) => e.view), nextBefore: null };
    return null;
  }

  /** Taken before a read-through starts: messages broadcast meanwhile land in this ring. */
  mark(streamId: string): SeedMark {
    const ring = this.ring(streamId);
    return { streamId, ring, epoch: ring.epoch };
  }

  /**
   * The database's newest `limit + 1` shown messages (newest first), read after `mark`: from now on the ring
   * answers for them and everything after. Refused (false) when a removal came in meanwhile (the rows may
   * show what was removed) or the ring was let go; known ids are not added again (a removed one stays out).
   */
  seed(mark: SeedMark, rows: ChatMessageView[], limit: number): boolean {
    const r = mark.ring;
    if (r.epoch !== mark.epoch || this.rings.peek(mark.streamId) !== r) return false;
    for (const v of rows) this.insert(r, v, false);
    const from = rows.length > limit ? rows[limit]!.id : null;
    if (r.from === undefined || from === null || (r.from !== null && from < r.from)) r.from = from;
    // A full ring may have let go of older entries while filling: it answers for its oldest entry on.
    const oldest = r.entries[0]?.view.id;
    if (r.entries.length >= RECENT_PER_STREAM && oldest !== undefined && (r.from === null || oldest > r.from)) r.from = oldest;
    return true;
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
    case "chat_message_reaction":
      if (typeof d.messageId === "string" && d.reactions && typeof d.reactions === "object") recentChat.react(d.streamId, d.messageId, d.reactions as Record<string, number>);
      return true;
    case "chat_cleared":
      recentChat.remove(d.streamId, "all");
      return true;
    default:
      return true;
  }
}
