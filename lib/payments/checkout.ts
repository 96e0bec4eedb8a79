import "server-only";
import type Stripe from "stripe";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import type { CheckoutResult } from "@/lib/payments/schemas";

/**
 * What every Checkout session carries so the webhook can tell what was bought and for whom. Only ids and
 * the tip's message: amounts always come from the session Stripe reports, never from here.
 */
export type CheckoutMetadata = {
  kind: "tip" | "ticket" | "subscription";
  userId: string;
  creatorId: string;
  streamId?: string;
  tier?: string;
  message?: string;
  /** The creator's Connect account the money went to: the ledger then books the platform's fee. */
  destination?: string;
};

/** Where Stripe sends the buyer back: the page they bought from. */
export function returnUrls(path: string): { success_url: string; cancel_url: string } {
  const base = `${config().publicUrl}${path}`;
  const sep = path.includes("?") ? "&" : "?";
  return { success_url: `${base}${sep}checkout=success&session_id={CHECKOUT_SESSION_ID}`, cancel_url: `${base}${sep}checkout=canceled` };
}

export function metadataOf(m: CheckoutMetadata): Record<string, string> {
  return Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined && v !== "")) as Record<string, string>;
}

/** Creates the session and answers with its page; a session without a URL (never expected) is a 500. */
export async function openCheckout(client: Stripe, params: Stripe.Checkout.SessionCreateParams, idempotencyKey?: string): Promise<CheckoutResult> {
  const session = await client.checkout.sessions.create(params, idempotencyKey ? { idempotencyKey } : undefined);
  if (!session.url) throw new AppError("INTERNAL", "Stripe returned a session without a URL");
  return { checkoutUrl: session.url, sessionId: session.id };
}
