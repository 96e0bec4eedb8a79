import { AppError } from "@/lib/errors";
import { CURRENCY_RULES, type Currency } from "@/lib/payments/schemas";

// Stand-in for P1's module (h18-core): replaced when that branch is merged.

/** Major unit → Stripe's minor unit (cents; yen have none). */
export function toMinor(amount: number, currency: Currency): number {
  return Math.round(amount * 10 ** CURRENCY_RULES[currency].decimals);
}

export function fromMinor(minor: number, currency: Currency): number {
  return minor / 10 ** CURRENCY_RULES[currency].decimals;
}

/** The tip's amount in minor units, or UNPROCESSABLE: too many decimals for the currency, or outside its limits. */
export function validateAmount(amount: number, currency: Currency): number {
  const rule = CURRENCY_RULES[currency];
  const minor = toMinor(amount, currency);
  if (Math.abs(minor - amount * 10 ** rule.decimals) > 1e-6) throw new AppError("UNPROCESSABLE", rule.decimals ? `${currency} amounts have at most ${rule.decimals} decimals` : `${currency} amounts have no decimals`);
  if (amount < rule.min || amount > rule.max) throw new AppError("UNPROCESSABLE", `Amounts in ${currency} go from ${rule.min} to ${rule.max}`, { details: { min: rule.min, max: rule.max } });
  return minor;
}

/** A currency Stripe reported (`usd`), if it is one this platform handles. */
export function currencyFromStripe(code: string | null | undefined): Currency | null {
  const upper = (code ?? "").toUpperCase();
  return upper in CURRENCY_RULES ? (upper as Currency) : null;
}
