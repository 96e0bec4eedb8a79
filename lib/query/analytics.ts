import { endpoints, type AnalyticsRange } from "@/lib/client/endpoints";

/** TanStack Query keys and fetchers of the analytics endpoints. */
export const analyticsKeys = {
  all: ["analytics"] as const,
  channel: (days: AnalyticsRange) => ["analytics", "channel", days] as const,
  stream: (id: string) => ["analytics", "stream", id] as const,
};

export const fetchChannelAnalytics = (days: AnalyticsRange) => endpoints.analytics.channel(days);
export const fetchStreamAnalytics = (id: string) => endpoints.analytics.stream(id);
