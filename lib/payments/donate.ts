import "server-only";
import { connectDb } from "@/lib/db/connection";
import { StreamModel, type StreamDoc } from "@/lib/db/models/stream.model";
import { UserModel } from "@/lib/db/models/user.model";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/accounts/authenticate";
import { assertCan, isChannelOwner, snapshotOf } from "@/lib/access";
import { screenChannelText } from "@/lib/moderation/chat-guard";
import { stripe } from "@/lib/payments/stripe";
import { validateAmount } from "@/lib/payments/money";
import { payoutTarget } from "@/lib/payments/connect";
import { metadataOf, openCheckout, returnUrls } from "@/lib/payments/checkout";
import type { CheckoutResult, DonateInput } from "@/lib/payments/schemas";

type TipStream = Pick<StreamDoc, "_id" | "host" | "status" | "streamType" | "ticketPrice" | "currency" | "features" | "title">;

/**
 * Starts a tip: a Checkout session in payment mode for the validated amount, to the creator's Connect
 * account (with the platform's fee) when Connect is on. Nothing is recorded here: the Donation and the
 * on-stream alert come from Stripe's `checkout.session.completed`. The tipper must be allowed to watch
 * (banned users may not tip), the stream not ended, tips switched on, the message past the channel's filter.
 */
export async function startDonation(actor: Actor, streamId: string, input: DonateInput): Promise<CheckoutResult> {
  const client = stripe();
  await connectDb();
  const stream = await StreamModel.findById(streamId, { host: 1, status: 1, streamType: 1, ticketPrice: 1, currency: 1, features: 1, title: 1 }).lean<TipStream>();
  if (!stream) throw new AppError("NOT_FOUND", "Stream not found");
  const snap = snapshotOf(stream);
  if (snap.status === "ended") throw new AppError("STREAM_ENDED", "This stream has ended");
  if (stream.features?.donationsEnabled === false) throw new AppError("FORBIDDEN", "Tips are switched off for this stream");
  if (isChannelOwner(actor.id, snap)) throw new AppError("UNPROCESSABLE", "You cannot tip yourself");
  await assertCan(actor, "stream.watch", snap);
  const amountMinor = validateAmount(input.amount, input.currency);
  const message = input.message.trim();
  if (message) await screenChannelText(snap.hostId, message);
  const [target, host] = await Promise.all([payoutTarget(snap.hostId), UserModel.findById(snap.hostId, { displayName: 1 }).lean<{ displayName: string }>()]);
  const metadata = metadataOf({ kind: "tip", userId: actor.id, creatorId: snap.hostId, streamId, message, destination: target.destination });
  return openCheckout(client, {
    mode: "payment",
    client_reference_id: actor.id,
    metadata,
    line_items: [{ quantity: 1, price_data: { currency: input.currency.toLowerCase(), unit_amount: amountMinor, product_data: { name: `Tip for ${host?.displayName ?? "the creator"}` } } }],
    payment_intent_data: {
      metadata,
      ...(target.destination ? { application_fee_amount: target.feeMinor(amountMinor), transfer_data: { destination: target.destination } } : {}),
    },
    ...returnUrls(`/watch/${streamId}`),
  });
}
