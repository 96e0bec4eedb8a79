import { route } from "@/lib/http/route";
import { channelAnalytics as channelAnalyticsView, channelAnalyticsQuery } from "@/lib/analytics/schemas";
import { channelAnalytics } from "@/lib/analytics/channel-analytics";

export const GET = route(
  { tag: "Analytics", summary: "The caller's channel over the last 7, 30 or 90 days (UTC): totals, a series per day, recent streams, revenue", auth: "required", query: channelAnalyticsQuery, response: channelAnalyticsView, noStore: true },
  ({ actor, query }) => channelAnalytics(actor, query.days),
);
