import { route } from "@/lib/http/route";
import { streamIdParams, streamView } from "@/lib/streams/schemas";
import { startStream } from "@/lib/streams/change-status";

export const POST = route(
  { tag: "Streams", summary: "Go live (idempotent; one live stream per host)", auth: "required", params: streamIdParams, response: streamView, errors: [403, 404, 409, 503] },
  ({ actor, params }) => startStream(actor, params.id),
);
