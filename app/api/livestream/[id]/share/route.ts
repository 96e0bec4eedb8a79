import { route } from "@/lib/http/route";
import { streamIdParams } from "@/lib/streams/schemas";
import { shareStream } from "@/lib/streams/engagement";

export const POST = route({ auth: "required", params: streamIdParams }, ({ actor, params }) => shareStream(actor, params.id));
