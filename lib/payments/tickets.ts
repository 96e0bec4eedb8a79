import "server-only";
import { connectDb } from "@/lib/db/connection";
import { TicketModel } from "@/lib/db/models/access.model";
import { StreamModel } from "@/lib/db/models/stream.model";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/accounts/authenticate";
import { roleIn, streamSnapshot, type StreamSnapshot } from "@/lib/access";
import { stripe } from "@/lib/payments/stripe";
import { toMinor } from "@/lib/payments/money";
import { payoutTarget } from "@/lib/payments/connect";
import { metadataOf, openCheckout, returnUrls } from "@/lib/payments/checkout";
import { CURRENCIES, type CheckoutResult, type Currency, type TicketState } from "@/lib/payments/schemas";

const currencyOf = (s: StreamSnapshot): Currency => ((CURRENCIES as readonly string[]).includes(s.currency) ? (s.currency as Currency) : "USD");

async function hasPaidTicket(userId: string, streamId: string): Promise<boolean> {
  await connectDb();
  return Boolean(await TicketModel.exists({ stream: streamId, user: userId, status: "paid" }));
}

/** Whether the caller holds a paid ticket for the stream, and what one costs (null: the stream sells none). */
export async function ticketState(actor: Actor, streamId: string): Promise<TicketState> {
  const s = await streamSnapshot(streamId);
  const paid = s.streamType === "paid";
  return { streamId, hasTicket: paid && (await hasPaidTicket(actor.id, streamId)), ticketPrice: paid ? s.ticketPrice : null, currency: currencyOf(s) };
}

/**
 * Starts buying a ticket for a paid stream at the stream's own price (never the client's). The host and
 * the channel's moderators watch without one, and someone holding a paid ticket cannot buy a second
 * (409); concurrent purchases that slip past this check are settled by the webhook (one ticket per user
 * and stream, the extra payments refunded).
 */
export async function buyTicket(actor: Actor, streamId: string): Promise<CheckoutResult> {
  const client = stripe();
  const s = await streamSnapshot(streamId);
  if (s.streamType !== "paid" || s.ticketPrice === null) throw new AppError("UNPROCESSABLE", "This stream does not sell tickets");
  if (s.status === "ended") throw new AppError("STREAM_ENDED", "This stream has ended");
  const role = await roleIn(actor, s);
  if (role === "banned") throw new AppError("BANNED", "You are banned from this channel");
  if (role === "owner" || role === "moderator" || role === "lead_moderator") throw new AppError("CONFLICT", "You watch this stream without a ticket");
  if (await hasPaidTicket(actor.id, streamId)) throw new AppError("CONFLICT", "You already have a ticket for this stream");
  const currency = currencyOf(s);
  const amountMinor = toMinor(s.ticketPrice, currency);
  const [target, stream] = await Promise.all([payoutTarget(s.hostId), StreamModel.findById(streamId, { title: 1 }).lean<{ title: string }>()]);
  const metadata = metadataOf({ kind: "ticket", userId: actor.id, creatorId: s.hostId, streamId, destination: target.destination });
  return openCheckout(client, {
    mode: "payment",
    client_reference_id: actor.id,
    metadata,
    line_items: [{ quantity: 1, price_data: { currency: currency.toLowerCase(), unit_amount: amountMinor, product_data: { name: `Ticket: ${stream?.title ?? "live stream"}` } } }],
    payment_intent_data: {
      metadata,
      ...(target.destination ? { application_fee_amount: target.feeMinor(amountMinor), transfer_data: { destination: target.destination } } : {}),
    },
    ...returnUrls(`/watch/${streamId}`),
  });
}
