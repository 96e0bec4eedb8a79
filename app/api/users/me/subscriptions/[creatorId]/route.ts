import { route } from "@/lib/http/route";
import { creatorParams, subscriptionView } from "@/lib/payments/schemas";
import { cancelSubscription } from "@/lib/payments/subscriptions";

export const DELETE = route(
  {
    tag: "Payments",
    summary: "Cancel a subscription at the end of the paid period (access lasts until then); idempotent",
    auth: "required",
    params: creatorParams,
    response: subscriptionView,
    errors: [404, 503],
  },
  ({ actor, params }) => cancelSubscription(actor, params.creatorId),
);
