import { withShares } from "@/lib/client/analytics";
import { Empty } from "@/components/moderation/section";

type Row = { name: string; viewers: number };

/** Unique viewers per country, browser, OS or device type: a bar per row, the count and its share in words. */
export function ShareBars({ title, rows, label = (n) => n, icon, testId, empty = "No viewers yet" }: { title: string; rows: Row[]; label?: (name: string) => string; icon?: (name: string) => string; testId?: string; empty?: string }) {
  const shown = withShares(rows).slice(0, 10);
  return (
    <div className="flex min-w-0 flex-col gap-2" data-testid={testId}>
      <h3 className="text-sm font-semibold">{title}</h3>
      {shown.length === 0 ? (
        <Empty>{empty}</Empty>
      ) : (
        <ul className="flex flex-col gap-2" aria-label={title}>
          {shown.map((r) => (
            <li key={r.name} className="flex flex-col gap-1 text-sm" data-name={r.name}>
              <div className="flex items-baseline gap-2">
                {icon ? <span aria-hidden="true">{icon(r.name)}</span> : null}
                <span className="min-w-0 flex-1 truncate">{label(r.name)}</span>
                <span className="tabular-nums">{r.viewers.toLocaleString("en")}</span>
                <span className="w-10 text-right text-xs tabular-nums text-muted">{r.shareLabel}</span>
              </div>
              <div className="h-1.5 overflow-hidden rounded-full bg-surface-2" aria-hidden="true">
                <div className="h-full rounded-full bg-accent" style={{ width: `${Math.max(r.share, r.viewers ? 2 : 0)}%` }} />
              </div>
            </li>
          ))}
        </ul>
      )}
      {rows.length > shown.length ? <p className="text-xs text-muted">and {rows.length - shown.length} more</p> : null}
    </div>
  );
}
