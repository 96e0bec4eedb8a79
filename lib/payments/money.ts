import { AppError } from "@/lib/errors";
import { CURRENCY_RULES, type Currency } from "@/lib/payments/schemas";

/**
 * Amounts cross the API in the major unit (5.00 USD, 500 JPY) and are stored and sent to Stripe as integers
 * in the minor unit (cents; yen have none). Floats never reach the ledger: every conversion goes through here.
 */

function factor(currency: Currency): number {
  return 10 ** CURRENCY_RULES[currency].decimals;
}

/** Whether `amount` has at most the currency's decimals (4.99 USD yes, 4.999 USD no, 500.5 JPY no). */
export function hasValidDecimals(amount: number, currency: Currency): boolean {
  if (!Number.isFinite(amount)) return false;
  const scaled = amount * factor(currency);
  // Binary floats: 4.99 * 100 is 499.00000000000006; anything that close to an integer is that integer.
  return Math.abs(scaled - Math.round(scaled)) < 1e-6 && Number.isSafeInteger(Math.round(scaled));
}

/** Major → minor unit; UNPROCESSABLE when the amount has more decimals than the currency allows. */
export function toMinor(amount: number, currency: Currency): number {
  if (!hasValidDecimals(amount, currency)) {
    const decimals = CURRENCY_RULES[currency].decimals;
    throw new AppError("UNPROCESSABLE", decimals ? `${currency} amounts have at most ${decimals} decimals` : `${currency} amounts are whole numbers`, {
      details: { currency, decimals },
    });
  }
  return Math.round(amount * factor(currency));
}

/** Minor → major unit, exact to the currency's decimals (499 USD cents → 4.99; 500 JPY → 500). */
export function fromMinor(minor: number, currency: Currency): number {
  const decimals = CURRENCY_RULES[currency].decimals;
  return Number((minor / factor(currency)).toFixed(decimals));
}

/**
 * A tip or other free amount checked against the currency's limits and decimals; returns it in the minor
 * unit. The client's amount is only a wish: this is what Stripe is asked to charge.
 */
export function validateAmount(amount: number, currency: Currency): number {
  const minor = toMinor(amount, currency);
  const { min, max } = CURRENCY_RULES[currency];
  if (minor < toMinor(min, currency) || minor > toMinor(max, currency)) {
    throw new AppError("UNPROCESSABLE", `Amounts in ${currency} must be between ${min} and ${max}`, { details: { currency, min, max } });
  }
  return minor;
}

/** Stripe names currencies in lower case. */
export function stripeCurrency(currency: Currency): string {
  return currency.toLowerCase();
}

/** A currency Stripe reported (`usd`), if it is one this platform handles. */
export function currencyFromStripe(code: string | null | undefined): Currency | null {
  const upper = (code ?? "").toUpperCase();
  return upper in CURRENCY_RULES ? (upper as Currency) : null;
}
