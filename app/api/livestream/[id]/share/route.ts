import { route } from "@/lib/http/route";
import { engagementCounts, streamIdParams } from "@/lib/streams/schemas";
import { shareStream } from "@/lib/streams/engagement";

export const POST = route(
  { tag: "Streams", summary: "Count a share (once per user and stream a minute)", auth: "required", params: streamIdParams, response: engagementCounts, errors: [404, 429] },
  ({ actor, params }) => shareStream(actor, params.id),
);
