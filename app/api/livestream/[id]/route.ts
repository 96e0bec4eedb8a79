import { route } from "@/lib/http/route";
import { streamIdParams, updateStreamInput } from "@/lib/streams/schemas";
import { getStream } from "@/lib/streams/get-stream";
import { deleteStream, updateStream } from "@/lib/streams/edit-stream";

export const GET = route({ params: streamIdParams }, ({ params }) => getStream(params.id));
export const PATCH = route({ auth: "required", params: streamIdParams, body: updateStreamInput }, ({ actor, params, body }) => updateStream(actor, params.id, body));
export const DELETE = route({ auth: "required", params: streamIdParams }, ({ actor, params }) => deleteStream(actor, params.id));
