import { route } from "@/lib/http/route";
import { streamIdParams } from "@/lib/streams/schemas";
import { rotateStreamKey } from "@/lib/streams/edit-stream";

export const POST = route({ auth: "required", params: streamIdParams }, ({ actor, params }) => rotateStreamKey(actor, params.id));
