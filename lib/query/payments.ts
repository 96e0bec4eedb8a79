import { endpoints } from "@/lib/client/endpoints";

/** TanStack Query keys and fetchers of the payments endpoints. */
export const paymentKeys = {
  config: ["payments", "config"] as const,
  subscriptions: ["payments", "subscriptions"] as const,
  earnings: ["payments", "earnings"] as const,
  payouts: ["payments", "payouts"] as const,
};

export const fetchPaymentsConfig = () => endpoints.payments.config();
export const fetchSubscriptions = () => endpoints.payments.subscriptions();
export const fetchEarningsPage = (before?: string) => endpoints.payments.earnings({ before, limit: 25 });
export const fetchPayouts = () => endpoints.payments.payouts();
