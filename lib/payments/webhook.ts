import "server-only";
import Stripe from "stripe";
import { z } from "zod";
import { config } from "@/lib/config";
import { connectDb } from "@/lib/db/connection";
import { StripeEventModel } from "@/lib/db/models/stripe-event.model";
import { insertIfAbsent } from "@/lib/db/writes";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/logger";
import { assertPaymentsEnabled } from "@/lib/payments/stripe";
import { PAYMENT_HANDLERS } from "@/lib/payments/handlers";

/** Stripe's own tolerance for the signature's timestamp (replayed old deliveries are refused). */
export const SIGNATURE_TOLERANCE_SECONDS = Stripe.webhooks.DEFAULT_TOLERANCE;

/** What every event must carry for it to be recorded and dispatched; the rest is its handler's to read. */
const eventShape = z.looseObject({ id: z.string().min(1).max(255), type: z.string().min(1).max(255), created: z.number().int(), livemode: z.boolean().optional(), data: z.looseObject({ object: z.looseObject({}) }) });

/** The event, if the Stripe-Signature header matches these exact bytes under one of the endpoints' secrets, recently. */
function verify(rawBody: string, signature: string | null): Stripe.Event {
  if (!signature) throw new AppError("INVALID_WEBHOOK_SIGNATURE", "Missing Stripe-Signature header");
  for (const secret of config().payments.webhookSecrets) {
    let event: Stripe.Event;
    try {
      // Verifies the signature and its age first, then parses the JSON.
      event = Stripe.webhooks.constructEvent(rawBody, signature, secret, SIGNATURE_TOLERANCE_SECONDS);
    } catch (err) {
      if (err instanceof SyntaxError) throw new AppError("INVALID_JSON", "The signed body is not valid JSON");
      continue; // the next secret (the account and Connect endpoints sign with different ones)
    }
    eventShape.parse(event);
    return event;
  }
  throw new AppError("INVALID_WEBHOOK_SIGNATURE", "The Stripe-Signature does not match the body, or it is too old");
}

/** Runs the event's handler; false when no handler knows its type (acknowledged all the same). */
export async function applyStripeEvent(event: Stripe.Event): Promise<boolean> {
  const handler = PAYMENT_HANDLERS[event.type];
  if (!handler) return false;
  await handler(event);
  return true;
}

export type WebhookResult = { event: string; duplicate: boolean; handled: boolean };

/**
 * Stripe's webhooks, the only source of truth for money: the signature is checked on the raw body, then the
 * event id is recorded first, so each event applies once however often Stripe (or an attacker replaying a
 * captured delivery within the tolerance) sends it. If applying fails the record is removed and the reply is
 * 500: Stripe retries, and the retry applies it.
 */
export async function handleStripeWebhook(rawBody: string, signature: string | null): Promise<WebhookResult> {
  assertPaymentsEnabled();
  const event = verify(rawBody, signature);
  await connectDb();
  const handled = Boolean(PAYMENT_HANDLERS[event.type]);
  const first = await insertIfAbsent(StripeEventModel, { _id: event.id, type: event.type, created: new Date(event.created * 1000), livemode: event.livemode, handled });
  if (!first) return { event: event.type, duplicate: true, handled };
  try {
    await applyStripeEvent(event);
  } catch (err) {
    await StripeEventModel.deleteOne({ _id: event.id }).catch(() => undefined);
    log.error("stripe webhook failed", { id: event.id, type: event.type, err: err instanceof Error ? err.stack : String(err) });
    throw err;
  }
  return { event: event.type, duplicate: false, handled };
}
