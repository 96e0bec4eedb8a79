import "server-only";
import { connectDb } from "@/lib/db/connection";
import { StripeEventModel } from "@/lib/db/models/stripe-event.model";
import { log } from "@/lib/logger";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * How long applied Stripe event ids are kept. They exist to apply each event once: Stripe retries a failed
 * delivery for up to three days, and a captured delivery replayed later than the signature's five-minute
 * tolerance is refused before its id is looked at; 30 days is ample, and the collection stays bounded.
 */
export const STRIPE_EVENT_RETENTION_DAYS = 30;

/** Forgets applied Stripe event ids older than the retention (a range delete on the indexed createdAt). */
export async function pruneStripeEvents(now = Date.now()): Promise<number> {
  await connectDb();
  const res = await StripeEventModel.deleteMany({ createdAt: { $lt: new Date(now - STRIPE_EVENT_RETENTION_DAYS * DAY_MS) } });
  return res.deletedCount;
}

/** Started by server.ts: prunes a minute after start, then hourly. Returns the stop. */
export function startStripeEventPruner(): () => void {
  const prune = () => void pruneStripeEvents().catch((err: unknown) => log.warn("stripe-event pruning failed", { err: String(err) }));
  const first = setTimeout(prune, 60_000);
  const every = setInterval(prune, HOUR_MS);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
