"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useSession } from "next-auth/react";
import { useRouter } from "next/navigation";
import type { PaymentsConfig, Tier } from "@/lib/payments/schemas";
import { endpoints } from "@/lib/client/endpoints";
import { formatMoney } from "@/lib/client/money";
import { fetchSubscriptions, paymentKeys } from "@/lib/query/payments";
import { Button, buttonClass } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { NOT_CONFIGURED, goToCheckout, paymentError, usePaymentsConfig } from "@/components/payments/use-payments";

export const TIER_INFO: Record<Tier, { label: string; blurb: string }> = {
  basic: { label: "Basic", blurb: "Subscriber badge in chat, subscribers-only streams and chat" },
  premium: { label: "Premium", blurb: "Everything in Basic, and more support for the creator" },
  vip: { label: "VIP", blurb: "Everything in Premium: the biggest thank-you" },
};

type Props = { creatorId: string; creatorName: string };

/** "Subscribe" to a creator (monthly, in tiers), or the viewer's current tier; never on one's own channel. */
export function SubscribeButton({ creatorId, creatorName }: Props) {
  const { data: session, status } = useSession();
  const router = useRouter();
  const me = (session?.user as { id?: string } | undefined)?.id;
  const { config, enabled, loading } = usePaymentsConfig();
  const [open, setOpen] = useState(false);
  const hint = useId();
  // Back from Checkout, the subscription exists once Stripe's webhook lands: ask again for a while.
  const [pollUntil] = useState(() => (typeof window !== "undefined" && new URLSearchParams(window.location.search).get("checkout") === "success" ? Date.now() + 30_000 : 0));
  const subs = useQuery({
    queryKey: paymentKeys.subscriptions,
    queryFn: fetchSubscriptions,
    enabled: Boolean(me) && enabled,
    retry: false,
    refetchInterval: (q) => (Date.now() < pollUntil && !q.state.data?.subscriptions.some((s) => s.creator.id === creatorId && s.status === "active") ? 2000 : false),
  });
  // Nothing until the session is known: the owner never sees an offer on their own channel, even briefly.
  if (status === "loading" || me === creatorId) return null;
  const current = subs.data?.subscriptions.find((s) => s.creator.id === creatorId && s.status !== "canceled");
  if (current)
    return (
      <Link href="/account" className={buttonClass("secondary")} data-testid="subscribed" title="Manage your subscriptions">
        ★ Subscribed · {TIER_INFO[current.tier].label}
      </Link>
    );
  if (!enabled || !config)
    return (
      <span title={loading ? undefined : NOT_CONFIGURED} className="inline-flex items-center gap-2">
        <Button variant="secondary" disabled aria-describedby={hint} data-testid="subscribe-button">
          ★ Subscribe
        </Button>
        <span id={hint} className={loading ? "sr-only" : "text-xs text-muted"} data-testid="payments-off-note">
          {loading ? "Loading" : NOT_CONFIGURED}
        </span>
      </span>
    );
  return (
    <>
      <Button
        data-testid="subscribe-button"
        aria-haspopup="dialog"
        onClick={() => (me ? setOpen(true) : router.push(`/login?callbackUrl=${encodeURIComponent(window.location.pathname)}`))}
        title={me ? undefined : "Log in to subscribe"}
      >
        ★ Subscribe
      </Button>
      <SubscribeDialog open={open} onClose={() => setOpen(false)} creatorId={creatorId} creatorName={creatorName} config={config} />
    </>
  );
}

function SubscribeDialog({ open, onClose, creatorId, creatorName, config }: Props & { open: boolean; onClose: () => void; config: PaymentsConfig }) {
  const id = useId();
  const toast = useToast();
  const [tier, setTier] = useState<Tier>("basic");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function subscribe() {
    setPending(true);
    setError(null);
    try {
      goToCheckout((await endpoints.payments.subscribe({ streamerId: creatorId, tier })).checkoutUrl);
    } catch (err) {
      setPending(false);
      const text = paymentError(err, "Could not start the subscription");
      setError(text);
      toast.show(text, "error");
    }
  }

  return (
    <Dialog open={open} onClose={onClose} labelledBy={`${id}-title`} className="w-[min(30rem,calc(100vw-2rem))]">
      <div className="flex flex-col gap-4 p-5" data-testid="subscribe-dialog">
        <div className="flex items-start justify-between gap-3">
          <div>
            <h2 id={`${id}-title`} className="text-lg font-semibold">
              Subscribe to {creatorName}
            </h2>
            <p className="text-sm text-muted">Monthly, renews automatically. Cancel anytime from your account.</p>
          </div>
          <button type="button" onClick={onClose} aria-label="Close" className="rounded px-2 py-1 text-muted hover:bg-surface-2 hover:text-fg">
            ✕
          </button>
        </div>
        <div role="radiogroup" aria-label="Tier" className="flex flex-col gap-2">
          {config.tiers.map((t) => {
            const checked = t.tier === tier;
            return (
              <label key={t.tier} className={`flex cursor-pointer items-center gap-3 rounded-xl border p-3 transition-colors ${checked ? "border-accent bg-accent/15" : "border-border bg-surface-2 hover:bg-border"}`}>
                <input type="radio" name={`${id}-tier`} value={t.tier} checked={checked} onChange={() => setTier(t.tier)} className="accent-accent" />
                <span className="min-w-0 flex-1">
                  <span className="block font-semibold">{TIER_INFO[t.tier].label}</span>
                  <span className="block text-xs text-muted">{TIER_INFO[t.tier].blurb}</span>
                </span>
                <span className="whitespace-nowrap text-sm font-semibold">
                  {formatMoney(t.price, t.currency)}
                  <span className="font-normal text-muted">/mo</span>
                </span>
              </label>
            );
          })}
        </div>
        {error ? (
          <p role="alert" className="rounded-lg border border-danger/40 px-3 py-2 text-sm text-danger">
            {error}
          </p>
        ) : null}
        <div className="flex items-center justify-between gap-3">
          <p className="text-xs text-muted">Secure payment with Stripe.</p>
          <Button onClick={() => void subscribe()} disabled={pending} data-testid="subscribe-submit">
            {pending ? "Opening checkout…" : "Continue to payment"}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
