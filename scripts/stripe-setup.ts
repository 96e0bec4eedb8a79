import { config } from "@/lib/config";
import { ensureTierPrices } from "@/lib/payments/catalog";
import { fromMinor } from "@/lib/payments/money";

/**
 * `npm run stripe:setup`: the subscription tiers' products and monthly prices in the configured Stripe
 * account (SUBSCRIPTION_PRICES, SUBSCRIPTION_CURRENCY), found by id and lookup key, so running it again
 * changes nothing; a changed price is created anew and the old one archived. Needs STRIPE_SECRET_KEY.
 */
async function main() {
  const cfg = config();
  if (!cfg.payments.enabled) throw new Error("STRIPE_SECRET_KEY is not set: nothing to set up (payments stay off)");
  const prices = await ensureTierPrices();
  for (const p of prices) {
    process.stdout.write(`${p.status === "created" ? "created" : "kept   "} ${p.tier.padEnd(8)} ${p.priceId}  ${fromMinor(p.amountMinor, p.currency)} ${p.currency}/month  (product ${p.productId}, lookup key ${p.lookupKey})\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`stripe:setup failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
