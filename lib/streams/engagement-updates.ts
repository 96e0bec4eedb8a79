import { config } from "@/lib/config";
import { connectDb } from "@/lib/db/connection";
import { StreamModel, type StreamDoc } from "@/lib/db/models/stream.model";
import { StreamLikeModel } from "@/lib/db/models/stream-like.model";
import { log } from "@/lib/logger";
import { publish } from "@/lib/realtime/emitter";
import { processSingleton } from "@/lib/singleton";
import type { EngagementCounts, EngagementUpdate } from "@/lib/streams/schemas";

/**
 * A stream's like and share counts. Likes are counted from the likes themselves (one indexed count) and the
 * stored counter is set to that: FerretDB can lose an `$inc` when another write to the same stream document
 * (viewer counts, chat counters) runs at the same moment, so the counter alone could drift under load.
 */
export async function engagementCounts(id: string): Promise<EngagementCounts> {
  await connectDb();
  const [likes, s] = await Promise.all([StreamLikeModel.countDocuments({ stream: id }), StreamModel.findById(id, { "analytics.likes": 1, "analytics.shares": 1 }).lean<StreamDoc>()]);
  if (s && s.analytics?.likes !== likes) await StreamModel.updateOne({ _id: id }, { $set: { "analytics.likes": likes } });
  return { likes, shares: s?.analytics?.shares ?? 0 };
}

/**
 * Coalesces `stream_engagement_update`: a like, unlike or share marks its stream, and one update per marked
 * stream goes out ENGAGEMENT_FLUSH_INTERVAL_MS later with the counters read then — so a burst of toggles
 * costs the room one event (and the database one read) per interval, not one per click.
 */
class EngagementUpdates {
  private marked = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  mark(streamId: string): void {
    this.marked.add(streamId);
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), config().ENGAGEMENT_FLUSH_INTERVAL_MS);
    this.timer.unref?.();
  }

  private last: Promise<void> = Promise.resolve();

  /**
   * Flushes run one after another: a slow read of an earlier flush must not publish its older counts after
   * a later flush published newer ones (the room would keep the stale number).
   */
  flush(): Promise<void> {
    const ids = [...this.marked];
    this.marked.clear();
    this.timer = null;
    this.last = this.last.then(() => this.publishCounts(ids));
    return this.last;
  }

  private async publishCounts(ids: string[]): Promise<void> {
    await Promise.all(
      ids.map(async (streamId) => {
        try {
          publish(`stream:${streamId}`, "stream_engagement_update", { streamId, ...(await engagementCounts(streamId)) } satisfies EngagementUpdate);
        } catch (err) {
          log.warn("engagement update failed", { streamId, err: String(err) });
        }
      }),
    );
  }
}

export const engagementUpdates = processSingleton("streams.engagement-updates", () => new EngagementUpdates());
