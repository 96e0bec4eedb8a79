import "client-only";
import type { ChatMessageView, ChatPage, JoinStreamResult } from "@/lib/chat/schemas";

/** Ids remembered per stream to drop a message delivered twice (live and in a catch-up, or re-sent after a Redis outage). */
const SEEN_MAX = 5000;
/**
 * How far before the newest message seen a catch-up asks from. Ids are ordered by their second, then by the
 * app process that made them, so another process's message of the same second may sort before one already
 * seen; the overlap comes back and is dropped as seen.
 */
const SLACK_SECONDS = 2;
/**
 * How long (seconds of arrival) a catch-up remembers how late live messages came: by how much a message's id
 * was older than the newest one seen before it. One process's messages come in id order (0); another
 * process's come interleaved, a second or so behind; across a Redis outage the other processes' queued
 * messages arrive when Redis is back, seconds older than fresh ones next to them. Lateness, unlike the trip
 * time, does not grow when the client or the server is merely slow.
 */
const LATE_SECONDS = 15;
/** The catch-up never reaches further back for lateness than this. */
const MAX_LATE_MS = 10_000;
const ZERO_ID = "0".repeat(24);
const idMs = (id: string) => parseInt(id.slice(0, 8), 16) * 1000;

/** Events the SDK routes through the catch-up instead of handing the socket's listeners straight to the caller. */
export const CAUGHT_UP_EVENTS: ReadonlySet<string> = new Set(["stream_chat_message"]);

/** `lateBy`: per second of arrival (a ring of LATE_SECONDS), the largest lateness of the live messages that came in it; `lateAt`: which second each slot holds. O(1) per message. */
type StreamState = { seen: Set<string>; order: string[]; newest: string; held: ChatMessageView[] | null; lateBy: number[]; lateAt: number[] };

/** Tries `fn` up to `attempts` times, waiting 0.5 s, 1 s, 2 s… between (a server busy with a Redis outage answers late). */
export async function retry<T>(fn: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 500 * 2 ** (i - 1)));
    }
  }
}

const byId = (a: ChatMessageView, b: ChatMessageView) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The SDK's chat catch-up: every `stream_chat_message` goes through here, once per id. From a drop until
 * the catch-up after the reconnect, live messages are held. A connection that comes back without its
 * session rejoins with `since` (a little before the newest message it saw): the join's `history` is what it
 * missed, `nextAfter` pages on with `GET …/chat?after=`. A restored session (Socket.IO's connection-state
 * recovery) replays what it missed too, but not what was broadcast while it was being restored (the
 * adapter reads its Redis stream, then the socket rejoins its rooms), so it asks `GET …/chat?after=` as
 * well. Then everything is delivered in id order, each message once.
 */
export class ChatCatchUp {
  private readonly streams = new Map<string, StreamState>();

  constructor(private readonly deliver: (m: ChatMessageView) => void) {}

  /** A live message: delivered unless already seen; held while its stream catches up. */
  live(m: ChatMessageView): void {
    const s = this.streams.get(m.streamId);
    if (!s) return this.deliver(m); // a stream this client did not join (the host's own room, say): as it comes
    this.arrived(s, m);
    if (s.held) s.held.push(m);
    else if (this.note(s, m)) this.deliver(m);
  }

  /** A first join: its history is shown by the caller, and counts as seen. An empty history means nothing came before. */
  joined(streamId: string, history: ChatMessageView[]): void {
    const s: StreamState = { seen: new Set(), order: [], newest: ZERO_ID, held: null, lateBy: new Array<number>(LATE_SECONDS).fill(0), lateAt: new Array<number>(LATE_SECONDS).fill(-1) };
    this.streams.set(streamId, s);
    for (const m of history) this.note(s, m);
  }

  /** Whether the SDK joined the stream before (so a rejoin catches up). */
  has(streamId: string): boolean {
    return this.streams.has(streamId);
  }

  /** The connection dropped: live messages are held from now until the catch-up that follows the reconnect. */
  hold(streamId: string): void {
    const s = this.streams.get(streamId);
    if (s) s.held ??= [];
  }

  /**
   * Starts a catch-up (holding live messages until `finish`): the cursor to ask from. SLACK_SECONDS before the
   * newest message seen, and further back by how late recent messages came (one still on its way, as late
   * as those, may be older than the newest seen).
   */
  begin(streamId: string, now = Date.now()): string {
    const s = this.streams.get(streamId)!;
    s.held ??= [];
    if (s.newest === ZERO_ID) return ZERO_ID;
    const sec = Math.floor(now / 1000);
    let late = 0;
    for (let i = 0; i < LATE_SECONDS; i++) if (s.lateAt[i]! > sec - LATE_SECONDS) late = Math.max(late, s.lateBy[i]!);
    const seconds = Math.max(0, Math.floor((idMs(s.newest) - Math.min(late, MAX_LATE_MS)) / 1000) - SLACK_SECONDS);
    return seconds.toString(16).padStart(8, "0") + "0".repeat(16);
  }

  /**
   * Ends a catch-up with the rejoin's answer: pages on while the server says more remain, then delivers in
   * order. In a busy chat more always remains (each page's round trip lets more in), so paging also ends
   * SLACK_SECONDS past the first page's `asOf`: the socket was back in the room before that page was asked
   * for, so every message sent after `asOf` came live (held meanwhile).
   */
  async finish(streamId: string, joined: Pick<JoinStreamResult, "history" | "nextAfter">, page: (after: string) => Promise<ChatPage>): Promise<number> {
    const missed = [...joined.history];
    try {
      let liveFrom = Infinity;
      for (let next = joined.nextAfter; next && idMs(next) < liveFrom; ) {
        const after = next;
        const p = await retry(() => page(after));
        missed.push(...p.messages);
        next = p.nextAfter;
        const asOf = Date.parse(p.asOf);
        if (liveFrom === Infinity && Number.isFinite(asOf)) liveFrom = asOf + SLACK_SECONDS * 1000;
      }
    } finally {
      this.release(streamId, missed);
    }
    return missed.length;
  }

  /** A catch-up that failed: what was held goes out as it came. */
  release(streamId: string, missed: ChatMessageView[] = []): void {
    const s = this.streams.get(streamId);
    if (!s) return;
    const all = [...missed, ...(s.held ?? [])].sort(byId);
    s.held = null;
    for (const m of all) if (this.note(s, m)) this.deliver(m);
  }

  forget(streamId?: string): void {
    if (streamId) this.streams.delete(streamId);
    else this.streams.clear();
  }

  /** Notes how late a live message came: how much older its id is than the newest seen before it. */
  private arrived(s: StreamState, m: ChatMessageView, now = Date.now()): void {
    if (s.newest === ZERO_ID) return;
    const late = idMs(s.newest) - idMs(m.id);
    const sec = Math.floor(now / 1000);
    const i = sec % LATE_SECONDS;
    if (s.lateAt[i] !== sec) {
      s.lateAt[i] = sec;
      s.lateBy[i] = Math.max(0, late);
    } else if (late > s.lateBy[i]!) s.lateBy[i] = late;
  }

  private note(s: StreamState, m: ChatMessageView): boolean {
    if (s.seen.has(m.id)) return false;
    s.seen.add(m.id);
    s.order.push(m.id);
    if (s.order.length > SEEN_MAX) for (const id of s.order.splice(0, s.order.length - SEEN_MAX)) s.seen.delete(id);
    if (m.id > s.newest) s.newest = m.id;
    return true;
  }
}
