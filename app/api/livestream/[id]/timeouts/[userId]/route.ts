import { route } from "@/lib/http/route";
import { targetParams, timeoutResult } from "@/lib/moderation/schemas";
import { untimeoutUser } from "@/lib/moderation/timeouts";

export const DELETE = route(
  { tag: "Moderation", summary: "Lift a chat timeout early (host and moderators; idempotent)", auth: "required", params: targetParams, response: timeoutResult, errors: [403, 404, 422] },
  ({ actor, params }) => untimeoutUser(actor, params.id, params.userId),
);
