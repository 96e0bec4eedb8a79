import { route } from "@/lib/http/route";
import { streamIdParams } from "@/lib/streams/schemas";
import { checkoutResult, ticketState } from "@/lib/payments/schemas";
import { buyTicket, ticketState as ticketStateOf } from "@/lib/payments/tickets";

const T = "Payments";

export const GET = route(
  { tag: T, summary: "Whether the caller holds a ticket for the stream, and its price (null: the stream sells none)", auth: "required", params: streamIdParams, response: ticketState, errors: [404] },
  ({ actor, params }) => ticketStateOf(actor, params.id),
);
export const POST = route(
  {
    tag: T,
    summary: "Buy a ticket for a paid stream at its price: a Stripe Checkout page; the ticket follows Stripe's confirmation",
    description: "One ticket per user and stream: 409 CONFLICT when the caller has one, or is the host or a moderator (they need none). 422 when the stream sells no tickets.",
    auth: "required",
    params: streamIdParams,
    response: checkoutResult,
    status: 201,
    errors: [403, 404, 409, 422, 503],
  },
  ({ actor, params }) => buyTicket(actor, params.id),
);
