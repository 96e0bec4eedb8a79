/**
 * Coalesced delivery of a stream room's busy events (issue 21). A connection that opts in at the handshake
 * (`auth.batch = 1`; the SDK does) sits in the room `batched:stream:<id>` instead of `stream:<id>`, and
 * receives that traffic as `stream_batch` frames, at most one per window: `[[event, data], ...]` in publish order.
 * Fan-out then costs one WebSocket frame per connection per window instead of one per message, which is
 * what bounds a chat room of thousands (every frame is a write and a syscall per socket).
 *
 * Batches are built where the events are published: each app process packs what it publishes and sends the
 * frame through the Socket.IO adapter like any broadcast, so it reaches every process's batched sockets
 * (one Redis stream entry per window, not per message) and connection-state recovery replays frames as it
 * replays events. Several publishing processes make several frames per window, each in its own order.
 */

/** The frame's event name: its payload is `BatchEntry[]`. */
export const BATCH_EVENT = "stream_batch";

/** One event inside a frame: its name and payload, exactly as a plain client receives them. */
export type BatchEntry = [event: string, data: unknown];

/**
 * The events that wait for the window: the per-message traffic of a busy room. Everything else sent to a
 * stream room (status changes, bans, settings) flushes the room's frame first and goes out at once, to plain
 * and batched connections alike, so the order a client sees is the order of publishing. Moderation's deletes
 * and clears ride in the frame, so they can never overtake the message they remove.
 */
export const COALESCED_EVENTS: ReadonlySet<string> = new Set([
  "stream_chat_message",
  "stream_reaction",
  "chat_message_reaction",
  "chat_message_deleted",
  "chat_cleared",
  "chat_user_messages_cleared",
  "viewer_count_update",
  "stream_engagement_update",
]);

/** A frame never grows past this many events: a burst is cut into several frames. */
export const MAX_BATCH_EVENTS = 256;

export const streamRoomOf = (streamId: string) => `stream:${streamId}`;
export const batchedRoomOf = (streamId: string) => `batched:stream:${streamId}`;
/** The batched twin of a `stream:<id>` room, or null for any other room (`user:<id>`). */
export const batchedTwin = (room: string) => (room.startsWith("stream:") ? `batched:${room}` : null);
/** Whether a connection with these rooms is in the stream's live room, either way of delivery. */
export const inStreamRoom = (rooms: ReadonlySet<string>, streamId: string) => rooms.has(streamRoomOf(streamId)) || rooms.has(batchedRoomOf(streamId));
/** Both delivery rooms of a stream: leaving or reaching "the stream's room" means both. */
export const streamRoomsOf = (streamId: string) => [streamRoomOf(streamId), batchedRoomOf(streamId)];

/** Whether a handshake's `auth` asks for frames: `batch: 1` (or `true`, `"1"`). */
export function wantsBatches(auth: unknown): boolean {
  const b = (auth as { batch?: unknown } | null | undefined)?.batch;
  return b === 1 || b === true || b === "1";
}

type Pending = { entries: BatchEntry[]; timer: ReturnType<typeof setTimeout> };

/**
 * Paces each batched room to one frame per `windowMs` at most, leading edge first: an event for a room that
 * sent nothing within the last window leaves at once (a frame of one), and opens a window; what comes during
 * it waits and leaves as one frame when it ends, which opens the next window. A quiet room's events are thus
 * not delayed at all (with thousands of viewers one broadcast already takes tens of ms, and a fixed wait on
 * top of it put every message's p99 over 100 ms), while a busy room's still cost one frame per connection per
 * window. Hands frames to `send` (the socket edge's `io.to(room).emit(BATCH_EVENT, entries)`). One timer per
 * room with recent traffic; nothing per connection.
 *
 * The window stretches with what a frame costs: after a frame, the room's next window is at least
 * `STRETCH` times as long as handing that frame to this process's connections took (which is the fan-out
 * itself: Socket.IO writes to every local socket before `emit` returns), up to `maxWindowMs`. A room whose
 * frames are cheap keeps `windowMs`; when they grow slow (a bigger room, a loaded machine) the process spends
 * at most about a third of its time writing frames (until the cap) and coalesces more messages into each, instead of falling
 * behind with one frame per message at rates where each message would still arrive in time.
 */
export class StreamBatcher {
  /** A room's next window is at least this many times as long as its last frame took to send. */
  static readonly STRETCH = 2;
  private readonly pending = new Map<string, Pending>();
  private readonly maxWindowMs: number;

  constructor(
    private readonly send: (room: string, entries: BatchEntry[]) => void,
    private readonly windowMs: number,
    /** How far the window may stretch; never below `windowMs`. */
    maxWindowMs = windowMs,
    /** Milliseconds, for measuring a frame's cost (tests give their own). */
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.maxWindowMs = Math.max(windowMs, maxWindowMs);
  }

  add(room: string, event: string, data: unknown): void {
    const p = this.pending.get(room);
    if (!p) {
      this.sendAndWait(room, [[event, data]]);
      return;
    }
    p.entries.push([event, data]);
    if (p.entries.length >= MAX_BATCH_EVENTS) this.flush(room);
  }

  /** Sends the room's pending frame now (before an event that must not overtake it). */
  flush(room: string): void {
    const p = this.pending.get(room);
    if (!p) return;
    this.pending.delete(room);
    clearTimeout(p.timer);
    if (p.entries.length === 0) return;
    this.sendAndWait(room, p.entries);
  }

  flushAll(): void {
    for (const room of [...this.pending.keys()]) this.flush(room);
  }

  /** Sends a frame and opens the room's next window, stretched by what that frame cost. */
  private sendAndWait(room: string, entries: BatchEntry[]): void {
    const started = this.clock();
    this.send(room, entries);
    const cost = this.clock() - started;
    this.openWindow(room, Math.min(this.maxWindowMs, Math.max(this.windowMs, Math.ceil(cost * StreamBatcher.STRETCH))));
  }

  private openWindow(room: string, windowMs: number): void {
    const timer = setTimeout(() => this.flush(room), windowMs);
    timer.unref?.();
    this.pending.set(room, { entries: [], timer });
  }
}
