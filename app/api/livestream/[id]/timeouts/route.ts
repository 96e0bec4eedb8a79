import { route } from "@/lib/http/route";
import { streamIdParams } from "@/lib/streams/schemas";
import { timeoutInput, timeoutList, timeoutResult } from "@/lib/moderation/schemas";
import { listTimeouts, timeoutUser } from "@/lib/moderation/timeouts";

const T = "Moderation";

export const GET = route(
  { tag: T, summary: "The channel's running chat timeouts (host and moderators)", auth: "required", params: streamIdParams, response: timeoutList, errors: [403, 404] },
  ({ actor, params }) => listTimeouts(actor, params.id),
);

export const POST = route(
  {
    tag: T,
    summary: "Time a user out of the channel's chat for `durationSeconds` (default 600); it lapses by itself (host and moderators, on someone they outrank)",
    auth: "required",
    params: streamIdParams,
    body: timeoutInput,
    response: timeoutResult,
    errors: [403, 404, 422],
  },
  ({ actor, params, body }) => timeoutUser(actor, params.id, body),
);
