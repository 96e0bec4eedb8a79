import "server-only";
import { connectDb } from "@/lib/db/connection";
import { StreamModel } from "@/lib/db/models/stream.model";
import { log } from "@/lib/logger";
import { totalEarnings } from "@/lib/payments/ledger";

/**
 * The stream's `monetization.totalEarnings` (the spec's analytics figure) follows the ledger: after every
 * entry that names the stream it is recomputed from the ledger (net, in the stream's currency), never
 * incremented, so replays and reorderings cannot make it drift.
 */
export async function syncStreamEarnings(streamId: string | undefined | null): Promise<void> {
  if (!streamId) return;
  try {
    await connectDb();
    const stream = await StreamModel.findById(streamId, { currency: 1 }).lean<{ currency?: string }>();
    if (!stream) return;
    const totals = await totalEarnings(streamId);
    const amount = totals.find((t) => t.currency === (stream.currency ?? "USD"))?.amount ?? 0;
    await StreamModel.updateOne({ _id: streamId }, { $set: { "monetization.totalEarnings": amount } });
  } catch (err) {
    // A figure for display: the ledger stays the record, and the next entry recomputes it.
    log.warn("stream earnings not updated", { streamId, err: String(err) });
  }
}
