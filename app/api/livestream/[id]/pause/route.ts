import { route } from "@/lib/http/route";
import { streamIdParams, streamView } from "@/lib/streams/schemas";
import { pauseStream } from "@/lib/streams/change-status";

export const POST = route(
  { tag: "Streams", summary: "Pause a live stream", auth: "required", params: streamIdParams, response: streamView, errors: [403, 404, 409] },
  ({ actor, params }) => pauseStream(actor, params.id),
);
