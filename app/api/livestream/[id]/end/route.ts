import { route } from "@/lib/http/route";
import { streamIdParams } from "@/lib/streams/schemas";
import { endStream } from "@/lib/streams/change-status";

export const POST = route({ auth: "required", params: streamIdParams }, ({ actor, params }) => endStream(actor, params.id));
