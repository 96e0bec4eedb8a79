import { route } from "@/lib/http/route";
import { streamIdParams, streamView } from "@/lib/streams/schemas";
import { resumeStream } from "@/lib/streams/change-status";

export const POST = route(
  { tag: "Streams", summary: "Resume a paused stream", auth: "required", params: streamIdParams, response: streamView, errors: [403, 404, 409] },
  ({ actor, params }) => resumeStream(actor, params.id),
);
