import { route } from "@/lib/http/route";
import { paymentsConfig } from "@/lib/payments/schemas";
import { paymentsConfigView } from "@/lib/payments/config-view";

export const dynamic = "force-dynamic";

export const GET = route(
  {
    tag: "Payments",
    summary: "Whether this server takes payments, and its currencies, limits, subscription tiers and platform fee",
    description: "Answers without Stripe keys too (`enabled: false`): the interface then says payments are not configured.",
    response: paymentsConfig,
  },
  async () => paymentsConfigView(),
);
