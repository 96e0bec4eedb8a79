"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { endpoints } from "@/lib/client/endpoints";
import { fetchPayouts, paymentKeys } from "@/lib/query/payments";
import { LoadError, Loading, Section } from "@/components/moderation/section";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { paymentError } from "@/components/payments/use-payments";

function Check({ ok, label }: { ok: boolean; label: string }) {
  return (
    <li className="flex items-center gap-2 text-sm">
      <span aria-hidden className={ok ? "text-green-300" : "text-muted"}>
        {ok ? "✓" : "○"}
      </span>
      <span className={ok ? "" : "text-muted"}>{label}</span>
      <span className="sr-only">{ok ? "done" : "not yet"}</span>
    </li>
  );
}

/**
 * Where the creator's money goes. With Stripe Connect, their own Express account (set up through Stripe's
 * onboarding); without it, this server's platform account receives everything.
 */
export function PayoutsCard() {
  const toast = useToast();
  const q = useQuery({ queryKey: paymentKeys.payouts, queryFn: fetchPayouts, retry: false });
  const [pending, setPending] = useState(false);

  async function onboard() {
    setPending(true);
    try {
      window.location.assign((await endpoints.payments.onboard()).url);
    } catch (err) {
      setPending(false);
      toast.show(paymentError(err, "Could not open Stripe's onboarding"), "error");
    }
  }

  const p = q.data;
  const ready = Boolean(p?.chargesEnabled && p.payoutsEnabled);
  return (
    <Section id="payouts" title="Payouts">
      <div data-testid="payouts-card" className="flex flex-col gap-3">
        {q.isLoading ? (
          <Loading rows={2} />
        ) : q.error || !p ? (
          <LoadError message={paymentError(q.error, "Could not load your payout status")} retry={() => void q.refetch()} />
        ) : !p.connect ? (
          <p className="text-sm text-muted" data-testid="payouts-platform">
            Payouts go to the platform&apos;s account on this server.
          </p>
        ) : (
          <>
            <p className="text-sm">
              {ready ? (
                <span className="font-medium text-green-300" data-testid="payouts-ready">Your Stripe account receives your earnings.</span>
              ) : p.accountId ? (
                "Finish setting up your Stripe account to receive money."
              ) : (
                "Connect a Stripe account to receive tips, tickets and subscriptions."
              )}
            </p>
            <ul className="flex flex-col gap-1">
              <Check ok={p.detailsSubmitted} label="Details submitted" />
              <Check ok={p.chargesEnabled} label="Payments enabled" />
              <Check ok={p.payoutsEnabled} label="Payouts enabled" />
            </ul>
            {!ready ? (
              <Button onClick={() => void onboard()} disabled={pending} className="self-start" data-testid="payouts-onboard">
                {pending ? "Opening Stripe…" : p.accountId ? "Continue setup" : "Set up payouts"}
              </Button>
            ) : (
              <Button variant="secondary" onClick={() => void onboard()} disabled={pending} className="self-start">
                Update details
              </Button>
            )}
          </>
        )}
      </div>
    </Section>
  );
}
