"use client";

import Link from "next/link";
import { useInfiniteQuery } from "@tanstack/react-query";
import type { EarningsView } from "@/lib/payments/schemas";
import { fetchEarningsPage, paymentKeys } from "@/lib/query/payments";
import { Empty, LoadError, Loading, Section } from "@/components/moderation/section";
import { Button } from "@/components/ui/button";
import { NOT_CONFIGURED, paymentError, usePaymentsConfig } from "@/components/payments/use-payments";
import { PayoutsCard } from "@/components/payments/payouts-card";
import { LedgerTable, KIND_LABELS } from "@/components/payments/ledger-table";
import { formatMoney } from "@/lib/client/money";

function Totals({ totals }: { totals: EarningsView["totals"] }) {
  if (!totals.length) return <Empty>No earnings yet. Tips, tickets and subscriptions show up here as soon as Stripe confirms them.</Empty>;
  return (
    <div className="grid gap-3 sm:grid-cols-2" data-testid="earnings-totals">
      {totals.map((t) => (
        <div key={t.currency} className="rounded-xl border border-border bg-surface-2 p-4" data-testid="earnings-total" data-currency={t.currency}>
          <p className="text-xs font-semibold uppercase tracking-wide text-muted">{t.currency} · net</p>
          <p className="mt-1 text-3xl font-bold tabular-nums text-green-300">{formatMoney(t.net, t.currency)}</p>
          <dl className="mt-3 grid grid-cols-3 gap-2 text-sm">
            <div>
              <dt className="text-xs text-muted">Gross</dt>
              <dd className="tabular-nums">{formatMoney(t.gross, t.currency)}</dd>
            </div>
            <div>
              <dt className="text-xs text-muted">Fees</dt>
              <dd className="tabular-nums">{formatMoney(t.fees, t.currency)}</dd>
            </div>
            <div>
              <dt className="text-xs text-muted">Refunds</dt>
              <dd className="tabular-nums">{formatMoney(t.refunds, t.currency)}</dd>
            </div>
          </dl>
        </div>
      ))}
    </div>
  );
}

function BySource({ rows }: { rows: EarningsView["bySource"] }) {
  if (!rows.length) return null;
  return (
    <ul className="flex flex-wrap gap-2" aria-label="By source" data-testid="earnings-sources">
      {rows.map((r) => (
        <li key={`${r.kind}-${r.currency}`} className="rounded-lg border border-border bg-surface-2 px-3 py-2 text-sm">
          <span className="text-muted">{KIND_LABELS[r.kind]}</span> <span className="font-semibold tabular-nums">{formatMoney(r.amount, r.currency)}</span>
        </li>
      ))}
    </ul>
  );
}

export function EarningsDashboard() {
  const { config, enabled, loading } = usePaymentsConfig();
  const q = useInfiniteQuery({
    queryKey: paymentKeys.earnings,
    queryFn: ({ pageParam }) => fetchEarningsPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    enabled,
    retry: false,
  });
  const first = q.data?.pages[0];
  const entries = q.data?.pages.flatMap((p) => p.entries) ?? [];
  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link href="/dashboard" className="text-sm text-muted hover:text-fg">
          ← Creator dashboard
        </Link>
        <h1 className="mt-1 text-2xl font-bold">Earnings</h1>
        {config?.enabled && config.platformFeePercent > 0 ? <p className="text-sm text-muted">The platform keeps {config.platformFeePercent}% of each payment; Stripe&apos;s own fees come out of the rest.</p> : null}
      </div>
      {loading ? (
        <Loading rows={4} />
      ) : !enabled ? (
        <div className="rounded-2xl border border-dashed border-border p-8 text-center" data-testid="payments-off">
          <p className="font-medium">{NOT_CONFIGURED}</p>
          <p className="mt-1 text-sm text-muted">Tips, tickets and subscriptions appear here once the server&apos;s Stripe keys are set.</p>
        </div>
      ) : (
        <>
          <div className="grid gap-6 lg:grid-cols-[1fr_360px]">
            <Section id="totals" title="Totals" note="Per currency, after refunds, disputes and platform fees.">
              {q.isLoading ? <Loading rows={3} /> : q.error ? <LoadError message={paymentError(q.error, "Could not load your earnings")} retry={() => void q.refetch()} /> : first ? (
                <>
                  <Totals totals={first.totals} />
                  <BySource rows={first.bySource} />
                </>
              ) : null}
            </Section>
            <div className="lg:self-start">
              <PayoutsCard />
            </div>
          </div>
          <Section
            id="ledger"
            title="Ledger"
            note="Every entry, newest first: what came in and what went out."
            action={
              <Button variant="ghost" className="!px-2 !py-1" onClick={() => void q.refetch()} disabled={q.isFetching}>
                Refresh
              </Button>
            }
          >
            {q.isLoading ? <Loading rows={4} /> : q.error ? null : !entries.length ? <Empty>No ledger entries yet.</Empty> : <LedgerTable entries={entries} />}
            {q.hasNextPage ? (
              <Button variant="secondary" className="self-center" disabled={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>
                {q.isFetchingNextPage ? "Loading…" : "Load older"}
              </Button>
            ) : null}
          </Section>
        </>
      )}
    </div>
  );
}
