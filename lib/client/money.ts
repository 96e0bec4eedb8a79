import type { Currency } from "@/lib/payments/schemas";

/** The rules the server announces per currency (`GET /api/payments/config`). */
export type CurrencyRule = { currency: Currency; decimals: number; min: number; max: number };

/** Tip presets per currency, in the major unit: round sums people tip (yen have no minor unit). */
export const TIP_PRESETS: Record<Currency, number[]> = {
  USD: [2, 5, 10, 25],
  EUR: [2, 5, 10, 25],
  GBP: [2, 5, 10, 25],
  JPY: [300, 500, 1000, 3000],
};

/** 4.99 USD → "$4.99", 500 JPY → "¥500", -1.5 EUR → "-€1.50": the currency's own digits, in the viewer's locale. */
export function formatMoney(amount: number, currency: string, locale?: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

/**
 * A typed amount checked against the currency's rules before it goes to the server (which checks again):
 * the number, or why it cannot be sent.
 */
export function parseAmount(text: string, rule: CurrencyRule): { amount: number } | { error: string } {
  const t = text.trim().replace(",", ".");
  if (!t) return { error: "Enter an amount" };
  if (!/^\d+(\.\d+)?$/.test(t)) return { error: "Enter a number, such as 5 or 4.99" };
  const pattern = rule.decimals === 0 ? /^\d+$/ : new RegExp(`^\\d+(\\.\\d{1,${rule.decimals}})?$`);
  if (!pattern.test(t)) return { error: rule.decimals === 0 ? `${rule.currency} amounts are whole numbers` : `Use at most ${rule.decimals} decimals` };
  const amount = Number(t);
  if (amount < rule.min) return { error: `The minimum is ${formatMoney(rule.min, rule.currency)}` };
  if (amount > rule.max) return { error: `The maximum is ${formatMoney(rule.max, rule.currency)}` };
  return { amount };
}
