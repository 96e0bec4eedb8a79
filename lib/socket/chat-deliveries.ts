import { LRUCache } from "lru-cache";

/** A stream's plain room (`stream:<id>`: one event per message). */
export const PLAIN = 1;
/** A stream's batched room (`batched:stream:<id>`: messages inside `stream_batch` frames). */
export const BATCHED = 2;

/** How long a delivery is remembered: past a Redis outage and the repair passes after it (chat-relay.ts). */
export const KEEP_MS = 120_000;
/** At most this many messages remembered per stream (about 400 msg/s for KEEP_MS); older ones are forgotten early. */
const MAX_PER_STREAM = 50_000;
const STREAMS = 2000;

/** Seconds of an ObjectId (its first 4 bytes), in ms: when the message was made. */
export const idTimeMs = (id: string) => parseInt(id.slice(0, 8), 16) * 1000;

type Log = { bits: Map<string, number>; forgotUpTo: number };

/**
 * Which delivery rooms of its stream each recent chat message reached in this app process: its own messages
 * as it broadcasts them, other processes' as the adapter hands them over, repairs as they are sent. The
 * Redis adapter carries the plain event and the batched frame of one message as two stream entries, so an
 * outage may swallow either one: each room kind is a bit. This is what tells a repair what is missing here,
 * and a late copy from the adapter from a new message. Bounded by age (KEEP_MS) and count per stream.
 */
export class ChatDeliveries {
  private readonly streams = new LRUCache<string, Log>({ max: STREAMS });
  private readonly startedAt = Date.now();

  /** Notes that `id` reached the rooms in `bits`; answers the bits it had not reached before. */
  mark(streamId: string, id: string, bits: number): number {
    let log = this.streams.get(streamId);
    if (!log) this.streams.set(streamId, (log = { bits: new Map(), forgotUpTo: 0 }));
    const had = log.bits.get(id) ?? 0;
    if ((had & bits) !== bits) log.bits.set(id, had | bits);
    this.forget(log);
    return bits & ~had;
  }

  has(streamId: string, id: string, bit: number): boolean {
    return ((this.streams.get(streamId)?.bits.get(id) ?? 0) & bit) !== 0;
  }

  /** From when (ms) this log knows every delivery of the stream: earlier messages cannot be judged. */
  completeSince(streamId: string): number {
    return Math.max(this.startedAt, this.streams.get(streamId)?.forgotUpTo ?? 0);
  }

  private forget(log: Log): void {
    const oldest = Date.now() - KEEP_MS;
    // Insertion order is nearly id order: forget from the front while it is too old or too many.
    for (const id of log.bits.keys()) {
      const t = idTimeMs(id);
      if (t >= oldest && log.bits.size <= MAX_PER_STREAM) break;
      log.bits.delete(id);
      // Its whole second is no longer judged (ids are by the second).
      log.forgotUpTo = Math.max(log.forgotUpTo, t + 1000);
    }
  }
}
