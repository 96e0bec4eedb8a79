import "server-only";
import type Stripe from "stripe";
import { config } from "@/lib/config";
import { toMinor } from "@/lib/payments/money";
import type { Currency, Tier } from "@/lib/payments/schemas";

/** The configured monthly price of each tier (SUBSCRIPTION_PRICES, e.g. "basic:4.99,premium:9.99,vip:24.99"). */
export function tierPrice(tier: Tier): { amount: number; currency: Currency } {
  const { subscriptionPrices, subscriptionCurrency } = config().payments;
  return { amount: subscriptionPrices[tier], currency: subscriptionCurrency };
}

/**
 * The tier's recurring Price in Stripe, found by its lookup key `tier_<tier>` (what `npm run stripe:setup`
 * creates), or created here the same way when the setup command was not run, so subscribing never fails
 * for want of it.
 */
export async function tierPriceId(client: Stripe, tier: Tier): Promise<string> {
  const lookupKey = `tier_${tier}`;
  const found = await client.prices.list({ lookup_keys: [lookupKey], active: true, limit: 1 });
  const existing = found.data[0];
  if (existing) return existing.id;
  const { amount, currency } = tierPrice(tier);
  const price = await client.prices.create({
    currency: currency.toLowerCase(),
    unit_amount: toMinor(amount, currency),
    recurring: { interval: "month" },
    lookup_key: lookupKey,
    transfer_lookup_key: true,
    product_data: { name: `StreamHub ${tier} subscription` },
  });
  return price.id;
}
