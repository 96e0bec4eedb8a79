import Link from "next/link";
import type { LedgerEntryView, LedgerKind } from "@/lib/payments/schemas";
import { formatDateTime } from "@/lib/client/format";
import { formatMoney } from "@/lib/client/money";

export const KIND_LABELS: Record<LedgerKind, string> = {
  tip: "Tip", ticket: "Ticket", subscription: "Subscription", platform_fee: "Platform fee", refund: "Refund", dispute: "Dispute", dispute_won: "Dispute won",
};

/** A creator's ledger entries: money in is green, money out (fees, refunds, disputes) is shown signed. */
export function LedgerTable({ entries }: { entries: LedgerEntryView[] }) {
  return (
    <>
      {/* Phones: one line per entry, the amount always in view. */}
      <ul className="divide-y divide-border sm:hidden" aria-label="Ledger entries">
        {entries.map((e) => (
          <li key={e.id} className="flex items-center gap-3 py-2 text-sm">
            <div className="min-w-0 flex-1">
              <p className="font-medium">
                {KIND_LABELS[e.kind]}
                {e.from ? <span className="font-normal text-muted"> · @{e.from.username}</span> : null}
              </p>
              <p className="text-xs text-muted">{formatDateTime(e.createdAt)}</p>
            </div>
            <Amount e={e} />
          </li>
        ))}
      </ul>
      <div className="hidden overflow-x-auto sm:block">
        <table className="w-full min-w-[34rem] text-left text-sm" data-testid="ledger">
          <thead className="text-xs uppercase tracking-wide text-muted">
            <tr>
              <th scope="col" className="py-2 pr-3 font-medium">Date</th>
              <th scope="col" className="py-2 pr-3 font-medium">Type</th>
              <th scope="col" className="py-2 pr-3 font-medium">From</th>
              <th scope="col" className="py-2 pr-3 font-medium">Stream</th>
              <th scope="col" className="py-2 text-right font-medium">Amount</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {entries.map((e) => (
              <tr key={e.id} data-testid="ledger-entry" data-kind={e.kind}>
                <td className="whitespace-nowrap py-2 pr-3 text-muted">{formatDateTime(e.createdAt)}</td>
                <td className="whitespace-nowrap py-2 pr-3">{KIND_LABELS[e.kind]}</td>
                <td className="py-2 pr-3">{e.from ? `@${e.from.username}` : "—"}</td>
                <td className="py-2 pr-3">
                  {e.streamId ? (
                    <Link href={`/watch/${e.streamId}`} className="text-accent hover:underline">
                      View
                    </Link>
                  ) : (
                    "—"
                  )}
                </td>
                <td className="py-2 text-right">
                  <Amount e={e} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Amount({ e }: { e: LedgerEntryView }) {
  return (
    <span className={`whitespace-nowrap font-semibold tabular-nums ${e.amount < 0 ? "text-red-300" : "text-green-300"}`}>
      {e.amount > 0 ? "+" : ""}
      {formatMoney(e.amount, e.currency)}
    </span>
  );
}
