import { route } from "@/lib/http/route";
import { streamAnalytics as streamAnalyticsView, streamParams } from "@/lib/analytics/schemas";
import { streamAnalytics } from "@/lib/analytics/stream-analytics";

export const GET = route(
  {
    tag: "Analytics",
    summary: "A stream's analytics (the spec's figures, per-minute viewers, engagement and quality, audience by country and device, revenue): its owner and lead moderators",
    auth: "required",
    params: streamParams,
    response: streamAnalyticsView,
    errors: [403, 404],
    noStore: true,
  },
  ({ actor, params }) => streamAnalytics(actor, params.streamId),
);
