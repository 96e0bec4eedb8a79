import type { ReactNode } from "react";

/** One number of a summary grid (inside a `<dl>`): its name, the figure, and an optional line under it. */
export function StatCard({ id, label, value, hint, live }: { id: string; label: string; value: ReactNode; hint?: ReactNode; live?: boolean }) {
  return (
    <div className="flex min-w-0 flex-col gap-1 rounded-xl border border-border bg-surface p-4" data-testid={`stat-${id}`}>
      <dt className="flex items-center gap-1.5 truncate text-xs font-semibold uppercase tracking-wide text-muted">
        {live ? <span className="size-2 shrink-0 animate-pulse rounded-full bg-live" aria-hidden="true" /> : null}
        {label}
      </dt>
      <dd className="truncate text-2xl font-bold tabular-nums" data-testid={`stat-${id}-value`}>
        {value}
      </dd>
      {hint ? <dd className="truncate text-xs text-muted">{hint}</dd> : null}
    </div>
  );
}

/** The grid the cards sit in: two columns on phones, up to six on wide screens. */
export function StatGrid({ label, children }: { label: string; children: ReactNode }) {
  return (
    <dl aria-label={label} className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4 xl:grid-cols-6">
      {children}
    </dl>
  );
}
