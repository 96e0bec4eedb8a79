import { route } from "@/lib/http/route";
import { subscriptionList } from "@/lib/payments/schemas";
import { mySubscriptions } from "@/lib/payments/subscriptions";

export const GET = route(
  { tag: "Payments", summary: "The caller's current subscriptions (active or past due), newest first", auth: "required", response: subscriptionList },
  ({ actor }) => mySubscriptions(actor),
);
