import { route } from "@/lib/http/route";
import { streamIdParams } from "@/lib/streams/schemas";
import { checkoutResult, donateInput } from "@/lib/payments/schemas";
import { startDonation } from "@/lib/payments/donate";

export const POST = route(
  {
    tag: "Payments",
    summary: "Tip the stream's creator: a Stripe Checkout page for the amount; the tip and its on-stream alert follow Stripe's confirmation",
    description:
      "Amounts are in the currency's major unit with its decimals (none for JPY) and within its limits (422 otherwise). The message passes the channel's chat filter. " +
      "The stream must not have ended and must accept tips; banned users may not tip. 409 PAYOUTS_NOT_READY when the creator cannot receive money, 503 PAYMENTS_NOT_CONFIGURED without Stripe.",
    auth: "required",
    params: streamIdParams,
    body: donateInput,
    response: checkoutResult,
    status: 201,
    errors: [403, 404, 409, 422, 503],
  },
  ({ actor, params, body }) => startDonation(actor, params.id, body),
);
