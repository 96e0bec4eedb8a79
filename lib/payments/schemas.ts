import { z } from "zod";
import { objectId } from "@/lib/text-input";

/**
 * The payments contract (issue 18). Amounts on the wire are in the currency's major unit as the spec shows
 * (`5.00` USD, `500` JPY); stored amounts are integers in Stripe's minor unit (cents; yen have none).
 */
export const CURRENCIES = ["USD", "EUR", "GBP", "JPY"] as const;
export type Currency = (typeof CURRENCIES)[number];

/** Minor units per major unit, and the tip limits per currency (Stripe's own minimum is lower). */
export const CURRENCY_RULES: Record<Currency, { decimals: 0 | 2; min: number; max: number }> = {
  USD: { decimals: 2, min: 1, max: 500 },
  EUR: { decimals: 2, min: 1, max: 500 },
  GBP: { decimals: 2, min: 1, max: 500 },
  JPY: { decimals: 0, min: 100, max: 50_000 },
};

export const TIERS = ["basic", "premium", "vip"] as const;
export type Tier = (typeof TIERS)[number];

export const LEDGER_KINDS = ["tip", "ticket", "subscription", "platform_fee", "refund", "dispute", "dispute_won"] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

const amount = z.number().positive().describe("In the currency's major unit (5.00 USD, 500 JPY); at most 2 decimals, none for JPY");
const currency = z.enum(CURRENCIES);

/** `POST /api/livestream/{id}/donate` (the spec's body). Limits and decimals per currency are checked by the use case (422). */
export const donateInput = z.object({ amount, currency: currency.default("USD"), message: z.string().max(300).default("") }).strict();
/** `POST /api/livestream/subscribe` (the spec's body). */
export const subscribeInput = z.object({ streamerId: objectId, tier: z.enum(TIERS).default("basic") }).strict();
export const creatorParams = z.object({ creatorId: objectId });
export const ledgerQuery = z.object({ before: objectId.optional(), limit: z.coerce.number().int().min(1).max(100).default(50) }).strict();

/** Every purchase answers with Stripe Checkout's page: the browser goes there. */
export const checkoutResult = z.object({ checkoutUrl: z.string(), sessionId: z.string() });

const userRef = z.object({ id: z.string(), username: z.string(), displayName: z.string() });

/** `stream_donation`, to the stream's room, when Stripe says the tip was paid (never when the client says so). */
export const donationEvent = z.object({
  streamId: z.string(),
  donationId: z.string(),
  donor: userRef,
  amount: z.number(),
  currency,
  message: z.string(),
  createdAt: z.string(),
});

export const ticketState = z.object({ streamId: z.string(), hasTicket: z.boolean(), ticketPrice: z.number().nullable(), currency });

export const subscriptionView = z.object({
  creator: userRef,
  tier: z.enum(TIERS),
  status: z.enum(["active", "past_due", "canceled"]),
  currentPeriodEnd: z.string(),
  cancelAtPeriodEnd: z.boolean(),
});
export const subscriptionList = z.object({ subscriptions: z.array(subscriptionView) });

export const ledgerEntryView = z.object({
  id: z.string(),
  kind: z.enum(LEDGER_KINDS),
  amount: z.number().describe("Signed, in the major unit: refunds, disputes and fees are negative"),
  currency,
  streamId: z.string().nullable(),
  from: userRef.nullable(),
  createdAt: z.string(),
});
export const earningsView = z.object({
  totals: z.array(z.object({ currency, gross: z.number(), fees: z.number(), refunds: z.number(), net: z.number() })),
  bySource: z.array(z.object({ kind: z.enum(LEDGER_KINDS), currency, amount: z.number() })),
  entries: z.array(ledgerEntryView),
  nextBefore: z.string().nullable(),
});

/** What the interface needs to offer money features (or say they are off). */
export const paymentsConfig = z.object({
  enabled: z.boolean(),
  connect: z.boolean(),
  platformFeePercent: z.number(),
  currencies: z.array(z.object({ currency, decimals: z.number(), min: z.number(), max: z.number() })),
  tiers: z.array(z.object({ tier: z.enum(TIERS), price: z.number(), currency })),
});

export const payoutStatus = z.object({ connect: z.boolean(), accountId: z.string().nullable(), chargesEnabled: z.boolean(), payoutsEnabled: z.boolean(), detailsSubmitted: z.boolean() });
export const onboardingLink = z.object({ url: z.string() });

export type DonateInput = z.infer<typeof donateInput>;
export type SubscribeInput = z.infer<typeof subscribeInput>;
export type CheckoutResult = z.infer<typeof checkoutResult>;
export type DonationEvent = z.infer<typeof donationEvent>;
export type TicketState = z.infer<typeof ticketState>;
export type SubscriptionView = z.infer<typeof subscriptionView>;
export type SubscriptionList = z.infer<typeof subscriptionList>;
export type LedgerEntryView = z.infer<typeof ledgerEntryView>;
export type EarningsView = z.infer<typeof earningsView>;
export type PaymentsConfig = z.infer<typeof paymentsConfig>;
export type PayoutStatus = z.infer<typeof payoutStatus>;
export type OnboardingLink = z.infer<typeof onboardingLink>;
