import { route } from "@/lib/http/route";
import { checkoutResult, subscribeInput } from "@/lib/payments/schemas";
import { startSubscription } from "@/lib/payments/subscriptions";

export const POST = route(
  {
    tag: "Payments",
    summary: "Subscribe to a creator monthly at a tier's price: a Stripe Checkout page; the subscription follows Stripe's events",
    description: "409 CONFLICT when the caller already has a current subscription to the creator (or PAYOUTS_NOT_READY when the creator cannot receive money); 503 without Stripe.",
    auth: "required",
    body: subscribeInput,
    response: checkoutResult,
    status: 201,
    errors: [403, 404, 409, 422, 503],
  },
  ({ actor, body }) => startSubscription(actor, body),
);
