import { route } from "@/lib/http/route";
import { streamIdParams, streamView } from "@/lib/streams/schemas";
import { endStream } from "@/lib/streams/change-status";

export const POST = route(
  { tag: "Streams", summary: "End a stream and everything attached to it (idempotent)", auth: "required", params: streamIdParams, response: streamView, errors: [403, 404, 409] },
  ({ actor, params }) => endStream(actor, params.id),
);
