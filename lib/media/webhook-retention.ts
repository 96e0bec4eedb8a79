import { config } from "@/lib/config";
import { connectDb } from "@/lib/db/connection";
import { WebhookEventModel } from "@/lib/db/models/webhook-event.model";

const DAY_MS = 86_400_000;

/**
 * Forgets delivered webhook ids older than WEBHOOK_EVENT_RETENTION_DAYS. They exist only to refuse a
 * second delivery of the same event, and LiveKit retries within minutes; kept forever, one row per event
 * would grow without end. A range delete on the indexed createdAt, since FerretDB has no TTL indexes.
 */
export async function pruneWebhookEvents(now = Date.now()): Promise<number> {
  await connectDb();
  const cutoff = new Date(now - config().WEBHOOK_EVENT_RETENTION_DAYS * DAY_MS);
  const res = await WebhookEventModel.deleteMany({ createdAt: { $lt: cutoff } });
  return res.deletedCount;
}
