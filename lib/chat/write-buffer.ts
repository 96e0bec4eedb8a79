import { config } from "@/lib/config";
import { connectDb } from "@/lib/db/connection";
import { ChatMessageModel, type ChatMessageDoc } from "@/lib/db/models/chat-message.model";
import { STREAM_COLLECTION, StreamModel } from "@/lib/db/models/stream.model";
import { holdDocs } from "@/lib/db/serial-writes";
import { log } from "@/lib/logger";
import { processSingleton } from "@/lib/singleton";
import { recordEngagement } from "@/lib/analytics/record";

const MAX_BATCH = 500;

type Pending = { docs: ChatMessageDoc[]; counts: Map<string, { messages: number; reactions: number }> };

/**
 * Write-behind for the chat hot path: messages are broadcast at once and persisted together every
 * CHAT_FLUSH_INTERVAL_MS (or at MAX_BATCH) with one insertMany, and stream counters with one $inc per
 * stream. A crash loses at most one interval of messages; the trade buys one round trip per batch
 * instead of one per message.
 */
class ChatWriteBuffer {
  private pending: Pending = { docs: [], counts: new Map() };
  private timer: ReturnType<typeof setTimeout> | null = null;
  private flushing: Promise<void> = Promise.resolve();

  add(doc: ChatMessageDoc): void {
    this.pending.docs.push(doc);
    this.count(doc.stream.toString(), "messages", 1);
    if (this.pending.docs.length >= MAX_BATCH) void this.flush();
    else this.schedule();
  }

  /** Reaction totals ride along with the next flush. */
  addReactions(streamId: string, n: number): void {
    this.count(streamId, "reactions", n);
    this.schedule();
  }

  private count(streamId: string, key: "messages" | "reactions", n: number) {
    const c = this.pending.counts.get(streamId) ?? { messages: 0, reactions: 0 };
    c[key] += n;
    this.pending.counts.set(streamId, c);
  }

  private schedule() {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), config().CHAT_FLUSH_INTERVAL_MS);
    this.timer.unref?.();
  }

  /** Persists everything pending; resolves when it is written (readers call this before reading). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.pending;
    this.pending = { docs: [], counts: new Map() };
    // The same per-stream counts feed the analytics minute (one count, two keepers: the stream's totals and the series).
    for (const [id, c] of batch.counts) recordEngagement(id, { chatMessages: c.messages, reactions: c.reactions });
    this.flushing = this.flushing.then(() => this.write(batch));
    return this.flushing;
  }

  private async write(batch: Pending): Promise<void> {
    if (!batch.docs.length && !batch.counts.size) return;
    try {
      await connectDb();
      if (batch.docs.length) await ChatMessageModel.insertMany(batch.docs, { ordered: false, lean: true });
      if (batch.counts.size) {
        const release = await holdDocs(STREAM_COLLECTION, [...batch.counts.keys()]);
        try {
          await StreamModel.bulkWrite(
            [...batch.counts].map(([id, c]) => ({ updateOne: { filter: { _id: id }, update: { $inc: { "analytics.chatMessages": c.messages, "analytics.reactions": c.reactions } } } })),
            { ordered: false },
          );
        } finally {
          release();
        }
      }
    } catch (err) {
      log.error("chat batch write failed", { messages: batch.docs.length, err: String(err) });
    }
  }
}

export const chatBuffer = processSingleton("chat.buffer", () => new ChatWriteBuffer());
