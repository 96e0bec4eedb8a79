import { route } from "@/lib/http/route";
import { streamIdParams, streamKeyInfo } from "@/lib/streams/schemas";
import { revealStreamKey } from "@/lib/streams/edit-stream";

/** The stream key, for its host only. */
export const GET = route(
  { tag: "Streams", summary: "Reveal the stream key (host only)", auth: "required", params: streamIdParams, response: streamKeyInfo, errors: [403, 404], noStore: true },
  ({ actor, params }) => revealStreamKey(actor, params.id),
);
