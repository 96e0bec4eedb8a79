import { route } from "@/lib/http/route";
import { earningsView, ledgerQuery } from "@/lib/payments/schemas";
import { earnings } from "@/lib/payments/ledger";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    tag: "Payments",
    summary: "The caller's earnings: totals per currency, sums per source, and the ledger newest first",
    description: "Amounts in the currency's major unit; fees, refunds and disputes are negative. Page with `before` = the previous page's `nextBefore`.",
    auth: "required",
    query: ledgerQuery,
    response: earningsView,
    errors: [503],
  },
  ({ actor, query }) => earnings(actor, query),
);
