import { route } from "@/lib/http/route";
import { streamIdParams } from "@/lib/streams/schemas";
import { resumeStream } from "@/lib/streams/change-status";

export const POST = route({ auth: "required", params: streamIdParams }, ({ actor, params }) => resumeStream(actor, params.id));
