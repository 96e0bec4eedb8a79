import { route } from "@/lib/http/route";
import { engagementView, streamIdParams } from "@/lib/streams/schemas";
import { shareStream } from "@/lib/streams/engagement";

export const POST = route(
  { tag: "Streams", summary: "Count a share (once per user and stream a minute)", auth: "required", params: streamIdParams, response: engagementView, errors: [404] },
  ({ actor, params }) => shareStream(actor, params.id),
);
