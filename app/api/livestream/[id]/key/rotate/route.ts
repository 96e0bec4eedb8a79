import { route } from "@/lib/http/route";
import { streamIdParams, streamKeyInfo } from "@/lib/streams/schemas";
import { rotateStreamKey } from "@/lib/streams/edit-stream";

export const POST = route(
  { tag: "Streams", summary: "Replace the stream key; the old one stops working at once (host only)", auth: "required", params: streamIdParams, response: streamKeyInfo, errors: [403, 404], noStore: true },
  ({ actor, params }) => rotateStreamKey(actor, params.id),
);
