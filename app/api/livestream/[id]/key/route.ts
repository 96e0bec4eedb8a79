import { route } from "@/lib/http/route";
import { streamIdParams } from "@/lib/streams/schemas";
import { revealStreamKey } from "@/lib/streams/edit-stream";

/** The stream key, for its host only. */
export const GET = route({ auth: "required", params: streamIdParams }, ({ actor, params }) => revealStreamKey(actor, params.id));
