import { route } from "@/lib/http/route";
import { createStreamInput } from "@/lib/streams/schemas";
import { createStream } from "@/lib/streams/create-stream";

export const POST = route({ auth: "required", body: createStreamInput, status: 201 }, ({ actor, body }) => createStream(actor, body));
