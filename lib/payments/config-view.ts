import { config, type Config } from "@/lib/config";
import { CURRENCIES, CURRENCY_RULES, TIERS, type PaymentsConfig } from "@/lib/payments/schemas";

/**
 * What the interface needs to offer money features, or to say they are off: asked by anyone, with or
 * without Stripe keys (the one payments route that never answers 503).
 */
export function paymentsConfigView(cfg: Config = config()): PaymentsConfig {
  const p = cfg.payments;
  return {
    enabled: p.enabled,
    connect: p.connect,
    platformFeePercent: p.connect ? p.feePercent : 0,
    currencies: CURRENCIES.map((currency) => ({ currency, ...CURRENCY_RULES[currency] })),
    tiers: TIERS.map((tier) => ({ tier, price: p.subscriptionPrices[tier], currency: p.subscriptionCurrency })),
  };
}
