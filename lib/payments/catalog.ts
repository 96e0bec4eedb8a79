import "server-only";
import type Stripe from "stripe";
import { config } from "@/lib/config";
import { processSingleton } from "@/lib/singleton";
import { stripe } from "@/lib/payments/stripe";
import { stripeCurrency, toMinor } from "@/lib/payments/money";
import { TIERS, type Currency, type Tier } from "@/lib/payments/schemas";

/** A tier's monthly Price in Stripe, as configured (SUBSCRIPTION_PRICES, SUBSCRIPTION_CURRENCY). */
export type TierPrice = { tier: Tier; priceId: string; productId: string; lookupKey: string; amountMinor: number; currency: Currency; status: "kept" | "created" };

/** Products and prices are found by these, so running the setup again changes nothing. */
export const tierProductId = (tier: Tier) => `streamhub_${tier}`;
export const tierLookupKey = (tier: Tier) => `streamhub_${tier}_monthly`;

function matches(price: Stripe.Price, lookupKey: string, amountMinor: number, currency: Currency): boolean {
  return price.lookup_key === lookupKey && price.active && price.unit_amount === amountMinor && price.currency === stripeCurrency(currency) && price.recurring?.interval === "month";
}

async function ensureProduct(tier: Tier): Promise<string> {
  const id = tierProductId(tier);
  try {
    return (await stripe().products.retrieve(id)).id;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 404) throw err;
  }
  const name = `${tier[0]?.toUpperCase()}${tier.slice(1)} subscription`;
  return (await stripe().products.create({ id, name, metadata: { streamhub: "subscription", tier } }, { idempotencyKey: `streamhub-product-${id}` })).id;
}

/**
 * The tier's Price at the configured amount, created when missing or when the amount or currency changed:
 * the lookup key moves to the new price (transfer_lookup_key) and the old one is archived, so existing
 * subscribers keep their price and new ones get the new one.
 */
export async function ensureTierPrice(tier: Tier): Promise<TierPrice> {
  const { subscriptionPrices, subscriptionCurrency: currency } = config().payments;
  const amountMinor = toMinor(subscriptionPrices[tier], currency);
  const lookupKey = tierLookupKey(tier);
  const productId = await ensureProduct(tier);
  const found = (await stripe().prices.list({ lookup_keys: [lookupKey], active: true, limit: 10 })).data.filter((p) => p.lookup_key === lookupKey);
  const current = found.find((p) => matches(p, lookupKey, amountMinor, currency));
  if (current) return { tier, priceId: current.id, productId, lookupKey, amountMinor, currency, status: "kept" };
  const created = await stripe().prices.create(
    { product: productId, currency: stripeCurrency(currency), unit_amount: amountMinor, recurring: { interval: "month" }, lookup_key: lookupKey, transfer_lookup_key: true, metadata: { streamhub: "subscription", tier } },
    { idempotencyKey: `streamhub-price-${lookupKey}-${currency}-${amountMinor}` },
  );
  for (const old of found) if (old.id !== created.id) await stripe().prices.update(old.id, { active: false });
  return { tier, priceId: created.id, productId, lookupKey, amountMinor, currency, status: "created" };
}

/** Every tier's price (`npm run stripe:setup`). */
export async function ensureTierPrices(): Promise<TierPrice[]> {
  const out: TierPrice[] = [];
  for (const tier of TIERS) out.push(await ensureTierPrice(tier));
  return out;
}

const cache = processSingleton("payments.tier-prices", () => new Map<Tier, { price: Promise<TierPrice>; until: number }>());
const TTL_MS = 10 * 60_000;

/**
 * The tier's Price for a Checkout, looked up (or created, when the setup command was not run) and kept
 * for ten minutes. Amounts come from here, never from the client.
 */
export function tierPrice(tier: Tier): Promise<TierPrice> {
  const hit = cache.get(tier);
  if (hit && hit.until > Date.now()) return hit.price;
  const price = ensureTierPrice(tier);
  cache.set(tier, { price, until: Date.now() + TTL_MS });
  price.catch(() => cache.delete(tier));
  return price;
}
