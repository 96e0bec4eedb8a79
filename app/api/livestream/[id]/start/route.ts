import { route } from "@/lib/http/route";
import { streamIdParams } from "@/lib/streams/schemas";
import { startStream } from "@/lib/streams/change-status";

export const POST = route({ auth: "required", params: streamIdParams }, ({ actor, params }) => startStream(actor, params.id));
