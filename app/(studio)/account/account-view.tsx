"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { SubscriptionList, SubscriptionView } from "@/lib/payments/schemas";
import { endpoints } from "@/lib/client/endpoints";
import { formatDateTime } from "@/lib/client/format";
import { fetchSubscriptions, paymentKeys } from "@/lib/query/payments";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { Empty, LoadError, Loading, Section } from "@/components/moderation/section";
import { TIER_INFO } from "@/components/payments/subscribe-button";
import { NOT_CONFIGURED, paymentError, usePaymentsConfig } from "@/components/payments/use-payments";

const STATUS: Record<SubscriptionView["status"], { label: string; tone: string }> = {
  active: { label: "Active", tone: "bg-success/15 text-green-300" },
  past_due: { label: "Payment due", tone: "bg-amber-500/15 text-amber-200" },
  canceled: { label: "Ended", tone: "bg-surface-2 text-muted" },
};

function SubscriptionRow({ sub }: { sub: SubscriptionView }) {
  const qc = useQueryClient();
  const toast = useToast();
  const cancel = useMutation({
    mutationFn: () => endpoints.payments.cancelSubscription(sub.creator.id),
    onSuccess: (updated) => {
      qc.setQueryData<SubscriptionList>(paymentKeys.subscriptions, (l) => (l ? { subscriptions: l.subscriptions.map((s) => (s.creator.id === updated.creator.id ? updated : s)) } : l));
      toast.show(`Subscription to ${sub.creator.displayName} cancelled: it ends on ${formatDateTime(updated.currentPeriodEnd)}`, "success");
    },
    onError: (err) => toast.show(paymentError(err, "Could not cancel the subscription"), "error"),
  });
  const status = STATUS[sub.status];
  const ending = sub.cancelAtPeriodEnd || sub.status === "canceled";
  return (
    <li className="flex flex-wrap items-center gap-3 py-3" data-testid="subscription-row" data-creator={sub.creator.username}>
      <span aria-hidden className="grid h-10 w-10 place-items-center rounded-full bg-accent font-semibold uppercase">
        {sub.creator.displayName.slice(0, 1)}
      </span>
      <div className="min-w-0 flex-1">
        <Link href={`/${sub.creator.username}`} className="font-semibold hover:text-accent">
          {sub.creator.displayName}
        </Link>
        <p className="text-sm text-muted">
          {TIER_INFO[sub.tier].label} ·{" "}
          {sub.status === "canceled" ? "ended" : ending ? `ends ${formatDateTime(sub.currentPeriodEnd)}` : `renews ${formatDateTime(sub.currentPeriodEnd)}`}
        </p>
      </div>
      {sub.cancelAtPeriodEnd && sub.status !== "canceled" ? (
        <span className="rounded bg-amber-500/15 px-2 py-0.5 text-xs font-semibold text-amber-200">Cancelled</span>
      ) : (
        <span className={`rounded px-2 py-0.5 text-xs font-semibold ${status.tone}`}>{status.label}</span>
      )}
      {!ending ? (
        <Button
          variant="ghost"
          disabled={cancel.isPending}
          onClick={() => window.confirm(`Cancel your ${TIER_INFO[sub.tier].label} subscription to ${sub.creator.displayName}? You keep it until ${formatDateTime(sub.currentPeriodEnd)}.`) && cancel.mutate()}
        >
          {cancel.isPending ? "Cancelling…" : "Cancel"}
        </Button>
      ) : null}
    </li>
  );
}

export function AccountView({ username }: { username: string }) {
  const { enabled, loading } = usePaymentsConfig();
  const subs = useQuery({ queryKey: paymentKeys.subscriptions, queryFn: fetchSubscriptions, enabled, retry: false });
  const list = subs.data?.subscriptions ?? [];
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-6">
      <div>
        <h1 className="text-2xl font-bold">Your account</h1>
        <p className="text-sm text-muted">
          Signed in as <span className="text-fg">@{username}</span> ·{" "}
          <Link href="/dashboard" className="text-accent hover:underline">
            Creator dashboard
          </Link>
        </p>
      </div>
      <Section id="subscriptions" title="Subscriptions" note="Monthly subscriptions to creators. Cancelling keeps the subscription until the end of the paid month.">
        {loading || subs.isLoading ? (
          <Loading rows={2} />
        ) : !enabled ? (
          <Empty>{NOT_CONFIGURED}.</Empty>
        ) : subs.error ? (
          <LoadError message={paymentError(subs.error, "Could not load your subscriptions")} retry={() => void subs.refetch()} />
        ) : !list.length ? (
          <Empty>No subscriptions yet. Subscribe to a creator from their channel or stream.</Empty>
        ) : (
          <ul className="divide-y divide-border" data-testid="subscriptions">
            {list.map((s) => (
              <SubscriptionRow key={s.creator.id} sub={s} />
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}
