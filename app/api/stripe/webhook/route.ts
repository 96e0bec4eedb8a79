import { randomUUID } from "node:crypto";
import { z } from "zod";
import { errorBody, toAppError } from "@/lib/errors";
import { log } from "@/lib/logger";
import { json } from "@/lib/http/route";
import { readBodyText } from "@/lib/http/body";
import { documented } from "@/lib/http/route-spec";
import { handleStripeWebhook } from "@/lib/payments/webhook";

export const dynamic = "force-dynamic";

const MAX_BODY = 512 * 1024;

/** The fields of Stripe's Event every delivery has; the rest depends on the type and is read by its handler. */
const stripeEvent = z.looseObject({ id: z.string(), object: z.literal("event"), type: z.string(), created: z.number().int(), data: z.looseObject({ object: z.looseObject({}) }) });

/** Stripe's webhooks: the signature covers the exact bytes, so the body is read as text (bounded), never parsed first. */
export const POST = documented(
  {
    tag: "Webhooks",
    summary: "Stripe events (called by Stripe, not by clients): payments, subscriptions, refunds, disputes, Connect accounts; applied once per event id",
    description:
      "Stripe's webhooks are the only source of truth for money. Unknown event types are acknowledged (200, `handled: false`). A bad or stale (over 300 s) signature is 400; a failure is 500 and forgotten, so Stripe's retry applies it; without Stripe keys, 503.",
    auth: "stripe-signature",
    rawBody: { contentType: "application/json", schema: stripeEvent, description: `Stripe's Event object, read verbatim: the signature covers these exact bytes. At most ${MAX_BODY / 1024} KiB.` },
    response: z.object({ event: z.string(), duplicate: z.boolean(), handled: z.boolean() }),
    errors: [400, 413, 500, 503],
  },
  async (req: Request): Promise<Response> => {
    const requestId = randomUUID();
    try {
      const body = await readBodyText(req, MAX_BODY);
      const result = await handleStripeWebhook(body, req.headers.get("stripe-signature"));
      return json({ success: true, data: result });
    } catch (err) {
      const e = toAppError(err, requestId);
      if (e.status >= 500 && e.code !== "PAYMENTS_NOT_CONFIGURED") log.error("stripe webhook request failed", { requestId, err: err instanceof Error ? err.stack : String(err) });
      return json(errorBody(e), e.status, { "X-Request-Id": requestId });
    }
  },
);
