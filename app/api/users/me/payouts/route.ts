import { route } from "@/lib/http/route";
import { payoutStatus } from "@/lib/payments/schemas";
import { payoutStatus as getPayoutStatus } from "@/lib/payments/connect";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    tag: "Payments",
    summary: "The caller's payout setup (Stripe Connect): whether charges and payouts are enabled",
    description: "With Stripe Connect off (`connect: false`) the platform's own account receives every payment and there is nothing to set up.",
    auth: "required",
    response: payoutStatus,
    errors: [503],
  },
  ({ actor }) => getPayoutStatus(actor),
);
