import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { limiter } from "@/lib/rate-limit";
import { processSingleton } from "@/lib/singleton";
import { publish } from "@/lib/realtime/emitter";
import type { Actor } from "@/lib/accounts/authenticate";
import { assertCan, streamSnapshot } from "@/lib/access";
import { chatBuffer } from "@/lib/chat/write-buffer";
import type { ReactionQueued, StreamReactionEvent } from "@/lib/chat/schemas";

type Bucket = { counts: Map<string, number>; total: number; recent: { emoji: string; username: string }[] };

/**
 * Coalesces reaction bursts: reactions are counted per stream and emitted as one `stream_reaction`
 * aggregate every REACTION_FLUSH_INTERVAL_MS, so a room of thousands gets a few events a second, not one
 * per tap. Totals reach the stream's counters with the next chat batch write.
 */
class ReactionAggregator {
  private buckets = new Map<string, Bucket>();
  private timer: ReturnType<typeof setInterval> | null = null;

  add(streamId: string, emoji: string, username: string): void {
    let b = this.buckets.get(streamId);
    if (!b) {
      b = { counts: new Map(), total: 0, recent: [] };
      this.buckets.set(streamId, b);
    }
    b.counts.set(emoji, (b.counts.get(emoji) ?? 0) + 1);
    b.total += 1;
    if (b.recent.length < 5) b.recent.push({ emoji, username });
    this.timer ??= setInterval(() => this.flush(), config().REACTION_FLUSH_INTERVAL_MS);
    this.timer.unref?.();
  }

  flush(): void {
    const buckets = this.buckets;
    this.buckets = new Map();
    if (!buckets.size && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
      return;
    }
    for (const [streamId, b] of buckets) {
      const reactions = Object.fromEntries(b.counts);
      const top = [...b.counts].sort((x, y) => y[1] - x[1])[0]?.[0] ?? "";
      // `emoji` and `username` keep the spec's single-reaction shape; `reactions` carries the aggregate.
      publish(`stream:${streamId}`, "stream_reaction", { streamId, emoji: top, username: b.recent[0]?.username ?? "", count: b.total, reactions, recent: b.recent } satisfies StreamReactionEvent);
      chatBuffer.addReactions(streamId, b.total);
    }
  }
}

const aggregator = processSingleton("chat.reactions", () => new ReactionAggregator());

/** Sends a floating reaction to a stream: an account and access, reactions on, at most 10 a second per user. */
export async function sendReaction(actor: Actor, streamId: string, emoji: string): Promise<ReactionQueued> {
  limiter.hitOrThrow(`react:${actor.id}`, 10, 1000, "Too many reactions");
  const stream = await streamSnapshot(streamId);
  if (stream.status === "ended") throw new AppError("STREAM_ENDED", "This stream has ended");
  if (!stream.reactionsEnabled) throw new AppError("FORBIDDEN", "Reactions are off for this stream");
  await assertCan(actor, "chat.react", stream);
  aggregator.add(streamId, emoji, actor.username);
  return { queued: true };
}
