"use client";

import { useId, useState, type FormEvent } from "react";
import type { Currency, PaymentsConfig } from "@/lib/payments/schemas";
import { endpoints } from "@/lib/client/endpoints";
import { TIP_PRESETS, formatMoney, parseAmount } from "@/lib/client/money";
import { Dialog } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { codeOf, goToCheckout, paymentError } from "@/components/payments/use-payments";

const MESSAGE_MAX = 300;
/** Refusals of the chat filter: the message is what to change. */
const MESSAGE_CODES = new Set(["BLOCKED_TERM", "LINKS_BLOCKED", "EXCESSIVE_CAPS", "EMOJI_FLOOD", "REPEATED_MESSAGE"]);

type Props = { open: boolean; onClose: () => void; streamId: string; hostName: string; config: PaymentsConfig; defaultCurrency?: string };

/** Tip the host: a preset or typed amount in one of the server's currencies, and a message shown on stream. */
export function TipDialog({ open, onClose, streamId, hostName, config, defaultCurrency }: Props) {
  const id = useId();
  const toast = useToast();
  const rules = config.currencies;
  const initial = (rules.find((r) => r.currency === defaultCurrency) ?? rules[0])?.currency ?? "USD";
  const [currency, setCurrency] = useState<Currency>(initial);
  const [amountText, setAmountText] = useState(String(TIP_PRESETS[initial][1]));
  const [message, setMessage] = useState("");
  const [errors, setErrors] = useState<{ amount?: string; message?: string; form?: string }>({});
  const [pending, setPending] = useState(false);
  const rule = rules.find((r) => r.currency === currency);

  function pickCurrency(c: Currency) {
    setCurrency(c);
    // Presets differ by currency (500 yen is not 500 dollars): start again from the new currency's usual tip.
    setAmountText(String(TIP_PRESETS[c][1]));
    setErrors({});
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!rule) return;
    const parsed = parseAmount(amountText, rule);
    if ("error" in parsed) return setErrors({ amount: parsed.error });
    setErrors({});
    setPending(true);
    try {
      const { checkoutUrl } = await endpoints.payments.donate(streamId, { amount: parsed.amount, currency, message: message.trim() });
      goToCheckout(checkoutUrl);
    } catch (err) {
      setPending(false);
      const code = codeOf(err);
      const text = paymentError(err, "Could not start the payment");
      if (MESSAGE_CODES.has(code)) setErrors({ message: text });
      else if (code === "UNPROCESSABLE") setErrors({ amount: text });
      else {
        setErrors({ form: text });
        toast.show(text, "error");
      }
    }
  }

  const fieldBase = "rounded-lg border border-border bg-bg px-3 py-2 text-sm focus:border-accent focus:outline-none";
  const fieldClass = `${fieldBase} w-full min-w-0`;
  return (
    <Dialog open={open} onClose={onClose} labelledBy={`${id}-title`} className="w-[min(28rem,calc(100vw-2rem))]">
      <form onSubmit={(e) => void submit(e)} className="flex flex-col gap-4 p-5" data-testid="tip-dialog" noValidate>
        <div className="flex items-start justify-between gap-3">
          <div>
            <h2 id={`${id}-title`} className="text-lg font-semibold">
              Tip {hostName}
            </h2>
            <p className="text-sm text-muted">Your tip and message appear on the stream.</p>
          </div>
          <button type="button" onClick={onClose} aria-label="Close" className="rounded px-2 py-1 text-muted hover:bg-surface-2 hover:text-fg">
            ✕
          </button>
        </div>

        <fieldset className="flex flex-col gap-2">
          <legend className="mb-2 text-sm font-medium">Amount</legend>
          <div className="grid grid-cols-4 gap-2" role="group" aria-label="Preset amounts">
            {TIP_PRESETS[currency].map((p) => {
              const active = Number(amountText) === p;
              return (
                <button
                  key={p}
                  type="button"
                  aria-pressed={active}
                  onClick={() => {
                    setAmountText(String(p));
                    setErrors({});
                  }}
                  className={`rounded-lg border px-2 py-2 text-sm font-semibold transition-colors ${active ? "border-accent bg-accent/20 text-fg" : "border-border bg-surface-2 hover:bg-border"}`}
                >
                  {formatMoney(p, currency).replace(/\.00$/, "")}
                </button>
              );
            })}
          </div>
          <div className="flex gap-2">
            <label className="sr-only" htmlFor={`${id}-currency`}>
              Currency
            </label>
            <select id={`${id}-currency`} value={currency} onChange={(e) => pickCurrency(e.target.value as Currency)} className={`${fieldBase} w-24 shrink-0`}>
              {rules.map((r) => (
                <option key={r.currency} value={r.currency}>
                  {r.currency}
                </option>
              ))}
            </select>
            <label className="sr-only" htmlFor={`${id}-amount`}>
              Custom amount
            </label>
            <input
              id={`${id}-amount`}
              inputMode={rule?.decimals ? "decimal" : "numeric"}
              autoComplete="off"
              value={amountText}
              onChange={(e) => setAmountText(e.target.value)}
              aria-invalid={errors.amount ? true : undefined}
              aria-describedby={`${id}-amount-hint`}
              className={fieldClass}
              data-testid="tip-amount"
            />
          </div>
          <p id={`${id}-amount-hint`} className={`text-xs ${errors.amount ? "text-danger" : "text-muted"}`} data-testid={errors.amount ? "tip-amount-error" : undefined}>
            {errors.amount ?? (rule ? `${formatMoney(rule.min, currency)} to ${formatMoney(rule.max, currency)}${rule.decimals === 0 ? ", whole numbers" : ""}` : "")}
          </p>
        </fieldset>

        <div className="flex flex-col gap-1.5">
          <label htmlFor={`${id}-message`} className="text-sm font-medium">
            Message <span className="font-normal text-muted">(optional)</span>
          </label>
          <textarea
            id={`${id}-message`}
            rows={3}
            maxLength={MESSAGE_MAX}
            value={message}
            onChange={(e) => setMessage(e.target.value)}
            aria-invalid={errors.message ? true : undefined}
            aria-describedby={`${id}-message-hint`}
            className={`${fieldClass} resize-none`}
            placeholder="Say something nice"
          />
          <p id={`${id}-message-hint`} className="flex justify-between gap-2 text-xs text-muted">
            {errors.message ? (
              <span className="text-danger" role="alert" data-testid="tip-message-error">
                {errors.message}
              </span>
            ) : (
              <span>Messages go through the channel&apos;s chat filter.</span>
            )}
            <span aria-hidden>
              {message.length}/{MESSAGE_MAX}
            </span>
          </p>
        </div>

        {errors.form ? (
          <p role="alert" className="rounded-lg border border-danger/40 px-3 py-2 text-sm text-danger">
            {errors.form}
          </p>
        ) : null}
        <div className="flex items-center justify-between gap-3">
          <p className="text-xs text-muted">Secure payment with Stripe.</p>
          <Button type="submit" disabled={pending || !rule} data-testid="tip-submit">
            {pending ? "Opening checkout…" : `Tip ${rule && !("error" in parseAmount(amountText, rule)) ? formatMoney(Number(amountText.replace(",", ".")), currency) : ""}`.trim()}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
