import { z } from "zod";
import { route } from "@/lib/http/route";
import { streamIdParams, streamView, updateStreamInput } from "@/lib/streams/schemas";
import { getStream } from "@/lib/streams/get-stream";
import { deleteStream, updateStream } from "@/lib/streams/edit-stream";

const T = "Streams";

export const GET = route({ tag: T, summary: "A stream's public details (never the key)", params: streamIdParams, response: streamView, errors: [404] }, ({ params }) => getStream(params.id));
export const PATCH = route(
  { tag: T, summary: "Edit or reschedule a stream (host only)", auth: "required", params: streamIdParams, body: updateStreamInput, response: streamView, errors: [403, 404, 409, 422] },
  ({ actor, params, body }) => updateStream(actor, params.id, body),
);
export const DELETE = route(
  { tag: T, summary: "Delete a stream that is not on air (host only)", auth: "required", params: streamIdParams, response: z.object({ deleted: z.literal(true) }), errors: [403, 404, 409] },
  ({ actor, params }) => deleteStream(actor, params.id),
);
