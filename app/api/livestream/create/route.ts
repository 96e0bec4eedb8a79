import { route } from "@/lib/http/route";
import { createStreamInput, createStreamResult } from "@/lib/streams/schemas";
import { createStream } from "@/lib/streams/create-stream";

export const POST = route(
  { tag: "Streams", summary: "Create a stream (scheduled); returns its key and publishing URLs", auth: "required", body: createStreamInput, response: createStreamResult, status: 201, errors: [422, 429], noStore: true },
  ({ actor, body }) => createStream(actor, body),
);
